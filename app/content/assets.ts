/**
 * Images that lessons reference from their course's assets/ folders, served under /content-assets/:
 * `<course>/assets/<file>` or `<course>/<NN-module>/assets/<file>`, images only. The server
 * serves nothing else from content/, so no request can reach a lesson's source, a bank or a
 * path outside the folder.
 */
const CONTENT_ASSET_PATH =
  /^\/[a-z0-9-]+\/(?:[0-9]{2}-[a-z0-9-]+\/)?assets\/[\w-]+(?:\.[\w-]+)*\.(?:png|jpe?g|webp|gif)$/i;

export const CONTENT_ASSETS_PREFIX = "/content-assets";

/** True for a path (below /content-assets) that may be served; anything else is a 404. */
export function isContentAssetPath(requestPath: string) {
  return CONTENT_ASSET_PATH.test(requestPath) && !requestPath.includes("..");
}
