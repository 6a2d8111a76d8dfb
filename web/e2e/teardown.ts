import { rmSync } from "node:fs";

/** The server's temporary data directory goes with the run. */
export default function teardown(): void {
  const dir = process.env.E2E_DATA_DIR;
  if (dir?.includes("cityhall-e2e-")) rmSync(dir, { recursive: true, force: true });
}
