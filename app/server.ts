/**
 * The HTTP server, compiled together with the app into build/index.js (remix.config.js `server`).
 * It does what must happen for every request in one place: static files with long caching,
 * compression, security headers, the cross-origin write guard, and one session lookup whose
 * result every loader reads from the load context.
 */
import crypto from "node:crypto";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";

import * as build from "@remix-run/dev/server-build";
import { broadcastDevReady, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";

import { startReminderScheduler } from "~/assignments/reminders.server";
import { isForeignWrite } from "~/auth/csrf.server";
import { blankSessionCookie, readSessionToken, sessionCookie, validateSessionToken } from "~/auth/session.server";
import { repairMissingCertificates } from "~/certificates/issue.server";
import { ensureSigningKey } from "~/certificates/keys.server";
import { CONTENT_ASSETS_PREFIX, isContentAssetPath } from "~/content/assets";
import { MEDIA_FILE_NAME, MEDIA_FOLDER, MEDIA_URL_PREFIX } from "~/content/media";
import { configureDatabase } from "~/db.server";
import { env } from "~/env.server";
import { startMailCatcher } from "~/mail/catcher.server";
import { mailCatcherDir, mailCatcherEnabled, startOutboxSweeper } from "~/mail/outbox.server";
import { errorPageHtml } from "~/utils/error-page.server";
import {
  bodyLimitFor,
  checkBodyHeaders,
  checkFieldCount,
  countFields,
  FORM_LIMIT,
  isMultipart,
  parsesAsForm,
} from "~/utils/request-limits.server";

await configureDatabase();
// Refuses to start when certificates exist but their signing key is gone (see ensureSigningKey).
await ensureSigningKey();
// A completion left without its certificate by a crash gets it now.
const repaired = await repairMissingCertificates();
if (repaired) console.log(`Đã cấp ${repaired} chứng nhận còn thiếu cho các khóa học đã hoàn thành.`);

const app = express();
app.disable("x-powered-by");
// A number of proxy hops: the client IP is the address that many hops before ours, never one a
// client wrote itself into X-Forwarded-For (0: the socket's address, nothing is trusted).
app.set("trust proxy", env.TRUST_PROXY);

/** Refuses a request with the server's own Vietnamese error page. */
function refuse(res: ExpressResponse, status: number, message: string) {
  if (res.headersSent) return void res.end();
  res
    .status(status)
    .type("text/html; charset=utf-8")
    .set("Cache-Control", "no-store")
    .send(errorPageHtml({ status, message }));
}

// Only what the app answers: TRACE, PUT, DELETE… get a 405 page, not Remix's English 405/500.
const METHODS = new Set(["GET", "HEAD", "POST"]);
app.use((req, res, next) => {
  if (METHODS.has(req.method)) return next();
  res.set("Allow", "GET, HEAD, POST");
  // The body of a refused request is not read: close the connection rather than drain it.
  res.set("Connection", "close");
  refuse(res, 405, "Trang này không nhận loại yêu cầu bạn vừa gửi.");
});

// An address with broken percent-encoding (%E0%A4%A) cannot name any page.
app.use((req, res, next) => {
  try {
    decodeURIComponent(req.path);
    next();
  } catch {
    refuse(res, 400, "Địa chỉ trang không hợp lệ. Hãy kiểm tra lại đường dẫn.");
  }
});

if (env.NODE_ENV === "production") {
  // HTTPS only from the first visit on (browsers ignore the header on plain HTTP).
  app.use((_req, res, next) => {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });
}

// Studio uploads (app/studio/media.server.ts): content-addressed, so immutable; before compression,
// which would spoil byte ranges. `send` answers Range requests (206, Content-Range, 416).
app.use(MEDIA_URL_PREFIX, (req, res, next) => {
  if (!MEDIA_FILE_NAME.test(req.path.slice(1))) {
    res.status(404).end();
    return;
  }
  express.static(path.resolve(env.DATA_DIR, MEDIA_FOLDER), {
    immutable: true,
    maxAge: "1y",
    index: false,
    fallthrough: false,
    setHeaders: (response) => {
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    },
  })(req, res, (error?: unknown) => {
    const failure = error as { status?: number; headers?: Record<string, string> } | undefined;
    if (failure?.status === 404) return void res.status(404).end();
    if (failure?.status === 416) {
      // An unsatisfiable range: the size, so the player can ask again (RFC 9110 §15.5.17).
      for (const [key, value] of Object.entries(failure.headers ?? {})) res.setHeader(key, value);
      return void res.status(416).end();
    }
    next(error);
  });
});

app.use(compression());

// Fingerprinted build assets never change. Fonts are WOFF2 in public/fonts (npm run fonts:build),
// not fingerprinted: cached for 30 days, not immutable.
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use("/fonts", express.static(path.resolve("public/fonts"), { maxAge: "30d" }));
app.use(express.static("public", { maxAge: "1h" }));
// Images that lessons reference from their course's assets/ folders; nothing else under content/.
app.use(CONTENT_ASSETS_PREFIX, (req, res, next) => {
  if (!isContentAssetPath(req.path)) {
    res.status(404).end();
    return;
  }
  express.static(path.resolve("content/courses"), { maxAge: "1d", fallthrough: false })(req, res, next);
});

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "media-src 'self'",
      "font-src 'self'",
      `connect-src 'self'${env.NODE_ENV === "development" ? " ws:" : ""}`,
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  next();
});

// Cross-site request forgery: a write whose Origin (or Sec-Fetch-Site) is foreign is refused.
app.use((req, res, next) => {
  if (
    isForeignWrite({
      method: req.method,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      host: req.get("host"),
      protocol: req.protocol,
      appOrigin: env.APP_ORIGIN,
    })
  ) {
    res.set("Connection", "close");
    refuse(res, 403, "Yêu cầu bị từ chối: gửi từ một trang web khác.");
    return;
  }
  next();
});

/** Refused bodies up to this size are read and discarded (Node does so after the answer). */
const DRAIN_LIMIT = 16 * 1024 * 1024;

// Request bodies: limits by route (app/utils/request-limits.server.ts), checked on the headers
// before a byte is read, then on the bytes before any parser runs. The body is read here, once,
// and handed to Remix from memory.
app.use((req, res, next) => {
  if (req.method !== "POST") return next();
  const routeLimit = bodyLimitFor(req.path, { mediaMaxBytes: env.MEDIA_MAX_BYTES });
  const multipart = isMultipart(req.get("content-type"));
  const limit = routeLimit.stream && !multipart ? FORM_LIMIT : routeLimit;
  const verdict = checkBodyHeaders({
    limit,
    contentType: req.get("content-type"),
    contentLength: req.get("content-length"),
    chunked: /chunked/i.test(req.get("transfer-encoding") ?? ""),
  });
  if (!verdict.ok) {
    // A body a little too large (a 6 MB PDF) is let through to the bin, so the browser finishes
    // sending and shows this page; a huge one is cut off (the client may see a reset instead).
    if (Number(req.get("content-length") ?? Infinity) > DRAIN_LIMIT) res.set("Connection", "close");
    return refuse(res, verdict.status, verdict.message);
  }
  if (limit.stream) {
    // Media uploads: the route reads the body as a stream, writing files to disk as they arrive.
    res.locals.streamBody = true;
    return next();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit.maxBytes) chunks.push(chunk);
  });
  req.on("error", next);
  req.on("end", () => {
    if (size > limit.maxBytes) {
      res.set("Connection", "close");
      return refuse(res, 413, "Dữ liệu gửi lên quá lớn.");
    }
    const body = Buffer.concat(chunks);
    const fields = checkFieldCount({ limit, fields: countFields({ body, contentType: req.get("content-type") }) });
    if (!fields.ok) return refuse(res, fields.status, fields.message);
    res.locals.body = body;
    if (!limit.parseCheck) return next();
    void parsesAsForm({ body, contentType: req.get("content-type") }).then((ok) =>
      ok ? next() : refuse(res, 400, "Dữ liệu biểu mẫu gửi lên không đọc được. Vui lòng gửi lại từ trang web."),
    );
  });
});

app.use(async (req, res, next) => {
  try {
    const token = readSessionToken(req.get("cookie"));
    res.locals.auth = null;
    if (token) {
      const result = await validateSessionToken(token);
      if (result.session) {
        res.locals.auth = { user: result.user, sessionId: result.session.id };
        if (result.session.refreshed) res.append("Set-Cookie", sessionCookie(token, result.session.expiresAt));
      } else {
        res.append("Set-Cookie", blankSessionCookie());
      }
    }
    next();
  } catch (error) {
    next(error);
  }
});

const handleRemixRequest = createRequestHandler(build, build.mode);

/** The Fetch API request Remix sees, with the body already read (and checked) above. */
function remixRequest(req: ExpressRequest, res: ExpressResponse) {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const body = res.locals.body as Buffer | undefined;
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  if (req.method === "POST" && res.locals.streamBody) {
    // A route that stops reading early (a refused upload) cancels this stream; the rest of the body
    // (bounded by the checked Content-Length) is then drained, so the client reads the answer
    // instead of a reset connection.
    const body = new PassThrough();
    req.pipe(body);
    body.on("close", () => {
      if (req.complete) return;
      req.unpipe(body);
      req.resume();
    });
    return new Request(url, {
      method: req.method,
      headers,
      signal: controller.signal,
      body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
  }
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(req.method === "POST" ? { body: new Uint8Array(body ?? []) } : {}),
  });
}

app.all("*", async (req, res, next) => {
  try {
    const response = await handleRemixRequest(remixRequest(req, res), {
      auth: res.locals.auth ?? null,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce as string,
    });
    // Pages differ by who is signed in; a signed-in user's pages (and any response setting a
    // cookie) must never be stored by a browser or a shared cache. Public assets never get here.
    response.headers.append("Vary", "Cookie");
    if (res.locals.auth || response.headers.has("Set-Cookie") || res.getHeader("Set-Cookie"))
      response.headers.set("Cache-Control", "private, no-store");
    res.statusMessage = response.statusText;
    res.status(response.status);
    for (const [key, value] of response.headers.entries()) res.append(key, value);
    if (response.body) await writeReadableStreamToWritable(response.body, res);
    else res.end();
  } catch (error) {
    next(error);
  }
});

// Whatever went wrong before or around Remix: the Vietnamese page, never a stack trace. A database
// fault arrives as the 503 Response the Prisma client throws (app/db.server.ts).
app.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: express.NextFunction) => {
  if (error instanceof Response) {
    void error.text().then((text) => {
      for (const [key, value] of error.headers.entries()) res.set(key, value);
      refuse(res, error.status, text);
    });
    return;
  }
  const status = (error as { status?: unknown })?.status;
  if (typeof status === "number" && status >= 400 && status < 500) return refuse(res, status, "Yêu cầu không hợp lệ.");
  console.error(error);
  refuse(res, 500, "Hệ thống gặp sự cố khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút.");
});

function onListen() {
  console.log(`Học Dân vận: http://localhost:${env.PORT}`);
  if (env.NODE_ENV === "development") void broadcastDevReady(build);
}
const server = env.HOST ? app.listen(env.PORT, env.HOST, onListen) : app.listen(env.PORT, onListen);

// Mail: the built-in catcher when no SMTP server is configured (development, the npm start demo), an
// outbox sweep in every process, and the reminder job in-process when JOBS_SCHEDULER=1.
if (mailCatcherEnabled()) {
  await startMailCatcher({ port: env.MAIL_CATCHER_PORT, dir: mailCatcherDir() }).then(
    () => console.log(`Thư gửi đi được giữ lại để xem tại http://localhost:${env.PORT}/dev/mail`),
    (error: Error) =>
      console.warn(`Không mở được hộp thư thử nghiệm (cổng ${env.MAIL_CATCHER_PORT}): ${error.message}`),
  );
}
startOutboxSweeper();
if (env.JOBS_SCHEDULER) startReminderScheduler();

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
