import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useTopic } from '../../live/use-live';
import { VideoPlayer } from '../../video/video-player';
import { CAMERA_DRAG_TYPE, TILE_DRAG_TYPE } from './drag';
import { act, wallActions as A, type VideoWallStore } from './wall-store';

/** One tile: the camera's player, or an empty drop target. */
function Tile({ store, index }: { store: VideoWallStore; index: number }) {
  const { t } = useTranslation();
  const cameraId = useStore(store, (s) => s.tiles[index] ?? null);
  const selected = useStore(store, (s) => s.selected === index);
  const maximized = useStore(store, (s) => s.maximized === index);
  const grid = useStore(store, (s) => s.grid);
  const camera = useTopic('cameras', (s) => (cameraId ? s.items.get(cameraId) : undefined));
  const el = useRef<HTMLDivElement>(null);

  const toggleFull = () => {
    if (maximized) {
      act(store, A.maximize, null);
      if (document.fullscreenElement) void document.exitFullscreen();
      return;
    }
    act(store, A.maximize, index);
    // The browser's full screen too where allowed (a click is the user gesture it needs); the in-page maximize
    // stands on its own where it is not.
    el.current?.requestFullscreen?.().catch(() => undefined);
  };

  return (
    <div
      ref={el}
      className={`vtile${selected ? ' vtile--selected' : ''}${maximized ? ' vtile--max' : ''}`}
      data-testid="video-tile"
      data-tile={index}
      data-camera-id={cameraId ?? undefined}
      onClick={() => act(store, A.select, index)}
      onDoubleClick={toggleFull}
      draggable={cameraId !== null}
      onDragStart={(e) => {
        e.dataTransfer.setData(TILE_DRAG_TYPE, String(index));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        const types = e.dataTransfer.types;
        if (types.includes(CAMERA_DRAG_TYPE) || types.includes(TILE_DRAG_TYPE)) {
          e.preventDefault();
          e.currentTarget.classList.add('vtile--drop');
        }
      }}
      onDragLeave={(e) => e.currentTarget.classList.remove('vtile--drop')}
      onDrop={(e) => {
        e.preventDefault();
        e.currentTarget.classList.remove('vtile--drop');
        const id = e.dataTransfer.getData(CAMERA_DRAG_TYPE);
        const from = e.dataTransfer.getData(TILE_DRAG_TYPE);
        if (id) act(store, A.assign, index, id);
        else if (from !== '') act(store, A.swap, Number(from), index);
      }}
    >
      {cameraId === null ? (
        <div className="vtile__empty">{t('video.dropHere')}</div>
      ) : camera ? (
        <VideoPlayer
          key={camera.id}
          camera={camera}
          compact={grid >= 9}
          onClose={() => act(store, A.assign, index, null)}
        />
      ) : (
        <div className="vtile__empty">{t('video.unknownCamera', { id: cameraId })}</div>
      )}
      {cameraId !== null && (
        <button
          type="button"
          className="vtile__full"
          aria-label={maximized ? t('video.exitFullscreen') : t('video.fullscreen')}
          title={maximized ? t('video.exitFullscreen') : t('video.fullscreen')}
          onClick={(e) => {
            e.stopPropagation();
            toggleFull();
          }}
        >
          {maximized ? '⤡' : '⤢'}
        </button>
      )}
    </div>
  );
}

/** The tiles: 1/4/9/16 in a square grid; a maximized tile fills it alone. Esc leaves full screen. */
export function VideoTiles({ store }: { store: VideoWallStore }) {
  const grid = useStore(store, (s) => s.grid);
  const maximized = useStore(store, (s) => s.maximized);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || store.getState().maximized === null) return;
      act(store, A.maximize, null);
      if (document.fullscreenElement) void document.exitFullscreen();
    };
    // Leaving the browser's full screen (Esc, F11) leaves the maximized tile too.
    const onFull = () => {
      if (!document.fullscreenElement && store.getState().maximized !== null) act(store, A.maximize, null);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFull);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFull);
    };
  }, [store]);
  const side = Math.sqrt(grid);
  return (
    <div
      className={`vtiles${maximized !== null ? ' vtiles--max' : ''}`}
      style={{ ['--side' as string]: side }}
      data-testid="video-tiles"
      data-grid={grid}
    >
      {Array.from({ length: grid }, (_, i) => (
        <Tile key={i} store={store} index={i} />
      ))}
    </div>
  );
}
