/**
 * Studio uploads as lessons name them: `/media/<sha256>.<ext>`. Shared by the server (which serves
 * that folder and nothing else below it), the MDX allow-list and the media library.
 */
export const MEDIA_URL_PREFIX = "/media";
/** The folder under DATA_DIR holding uploads. */
export const MEDIA_FOLDER = "media";

/** What the server serves: a hash and one of the extensions the upload check produces. */
export const MEDIA_FILE_NAME = /^[0-9a-f]{64}\.(?:png|jpg|webp|mp4|webm|mp3|vtt)$/;

export const MEDIA_URL = {
  image: /^\/media\/[0-9a-f]{64}\.(?:png|jpg|webp)$/,
  video: /^\/media\/[0-9a-f]{64}\.(?:mp4|webm)$/,
  audio: /^\/media\/[0-9a-f]{64}\.mp3$/,
  captions: /^\/media\/[0-9a-f]{64}\.vtt$/,
};

export const mediaUrl = (fileName: string) => `${MEDIA_URL_PREFIX}/${fileName}`;

/** The file name a /media/ URL refers to, or null when it is not one. */
export function mediaFileOf(url: string) {
  const name = url.startsWith(`${MEDIA_URL_PREFIX}/`) ? url.slice(MEDIA_URL_PREFIX.length + 1) : "";
  return MEDIA_FILE_NAME.test(name) ? name : null;
}
