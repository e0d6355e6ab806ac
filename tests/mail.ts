/** The first password link in a mail's text. */
export function passwordLinkIn(text: string) {
  const match = /https?:\/\/\S+\/set-password\?token=[a-z2-7]+/.exec(text);
  if (!match) throw new Error(`no password link in mail:\n${text}`);
  return match[0];
}
