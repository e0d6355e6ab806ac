import { z } from "zod";

/** The password rule, for every form that sets one (account, administration, later imports and resets). */
export const PASSWORD_MIN = 8;

export const passwordField = z
  .string({ error: "Vui lòng nhập mật khẩu." })
  .min(PASSWORD_MIN, `Mật khẩu phải có ít nhất ${PASSWORD_MIN} ký tự.`)
  .max(128, "Mật khẩu không được dài quá 128 ký tự.");
