/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Our own server entry (CSRF guard, static caching, compression) is compiled together
  // with the app into build/index.js, so production runs one file with `node`.
  server: "./app/server.ts",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  watchPaths: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    // Loaders return plain objects (Dates survive), data() sets status and headers.
    v3_singleFetch: true,
  },
};
