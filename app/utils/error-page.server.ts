/**
 * The Vietnamese error page the HTTP server itself sends, for requests refused before Remix runs
 * (body limits, methods, malformed addresses, a database fault during the session lookup). It
 * matches the look of the app's error boundary without needing the app's assets.
 */
import { escapeHtml } from "~/utils/html";

const TITLES: Record<number, string> = {
  400: "Yêu cầu không hợp lệ",
  403: "Không có quyền truy cập",
  405: "Thao tác không được hỗ trợ",
  411: "Yêu cầu không hợp lệ",
  413: "Dữ liệu gửi lên quá lớn",
  415: "Định dạng dữ liệu không được hỗ trợ",
  503: "Hệ thống tạm thời chưa lưu được dữ liệu",
};

export function errorPageHtml(options: { status: number; message: string }) {
  const title = TITLES[options.status] ?? "Đã có lỗi xảy ra";
  return `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Học Dân vận</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2933;line-height:1.6}a{color:#8b1a1a}</style>
</head>
<body><main><p>Lỗi ${options.status}</p><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(options.message)}</p>
<p><a href="/">Về trang chủ</a></p></main></body>
</html>`;
}
