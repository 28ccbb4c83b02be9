import { readTimecode, timecodeGeometry } from '../contract/video';

/**
 * Reads the capture time (epoch ms modulo 2^24) burned into the frame `video` shows now: the timecode row is drawn
 * to a canvas and its blocks' luma read back. Null when the frame carries none (another source, a torn frame).
 */
export function readVideoTimecode(video: HTMLVideoElement, canvas: HTMLCanvasElement): number | null {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (w === 0 || h === 0) return null;
  const g = timecodeGeometry(w, h);
  canvas.width = w;
  canvas.height = g.block;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, g.y, w, g.block, 0, 0, w, g.block);
  const data = ctx.getImageData(0, 0, w, g.block).data;
  return readTimecode(g, (x, y, size) => {
    let sum = 0;
    const x0 = Math.round(x);
    const y0 = Math.round(y - g.y);
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++) {
        const i = ((y0 + dy) * w + x0 + dx) * 4;
        sum += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      }
    return sum / (size * size);
  });
}
