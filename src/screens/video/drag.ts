/** Drag-and-drop payloads of the video wall: a camera from the list, or a tile being moved. */
export const CAMERA_DRAG_TYPE = 'application/x-city-brain-camera';
export const TILE_DRAG_TYPE = 'application/x-city-brain-tile';
