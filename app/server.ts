/**
 * The HTTP server, compiled together with the app into build/index.js (remix.config.js `server`).
 * It does what must happen for every request in one place: static files with long caching,
 * compression, security headers, the cross-origin write guard, and one session lookup whose
 * result every loader reads from the load context.
 */
import crypto from "node:crypto";
import path from "node:path";

import * as build from "@remix-run/dev/server-build";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";

import { isForeignWrite } from "~/auth/csrf.server";
import { blankSessionCookie, readSessionToken, sessionCookie, validateSessionToken } from "~/auth/session.server";
import { repairMissingCertificates } from "~/certificates/issue.server";
import { ensureSigningKey } from "~/certificates/keys.server";
import { CONTENT_ASSETS_PREFIX, isContentAssetPath } from "~/content/assets";
import { configureDatabase } from "~/db.server";
import { env } from "~/env.server";

await configureDatabase();
// Refuses to start when certificates exist but their signing key is gone (see ensureSigningKey).
await ensureSigningKey();
// A completion left without its certificate by a crash gets it now.
const repaired = await repairMissingCertificates();
if (repaired) console.log(`Đã cấp ${repaired} chứng nhận còn thiếu cho các khóa học đã hoàn thành.`);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());

// Fingerprinted build assets never change; fonts are versioned by the npm package.
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(
  "/fonts",
  express.static(path.resolve("node_modules/@expo-google-fonts/be-vietnam-pro"), { immutable: true, maxAge: "1y" }),
);
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
      appOrigin: env.APP_ORIGIN,
    })
  ) {
    res.status(403).type("text/plain; charset=utf-8").send("Yêu cầu bị từ chối: gửi từ một trang web khác.");
    return;
  }
  next();
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

app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({
      auth: res.locals.auth ?? null,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce as string,
    }),
  }),
);

function onListen() {
  console.log(`Học Dân vận: http://localhost:${env.PORT}`);
  if (env.NODE_ENV === "development") void broadcastDevReady(build);
}
const server = env.HOST ? app.listen(env.PORT, env.HOST, onListen) : app.listen(env.PORT, onListen);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
