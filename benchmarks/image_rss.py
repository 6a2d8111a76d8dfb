"""Peak memory of one picture upload's check (moderation.images.check_image): how much the
server's resident set grows while it decodes, scales, screens and re-encodes one picture.

Each case runs in a fresh process that first warms up (NudeNet's model loaded by a tiny
picture), then checks one picture; the figure is the growth of the peak RSS (ru_maxrss) over
the warmed-up peak. The "before" rows use the limits the server had before pictures were
scaled (25 million pixels, no maximum side), which is the old decoding path.

    .venv/bin/python benchmarks/image_rss.py
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
OLD_LIMITS = {"max_pixels": 25_000_000, "max_side": None}
CHILD = """
import asyncio, json, resource, sys
from moderation.images import ImageRejected, check_image

def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

async def main():
    limits = json.loads(sys.argv[1])
    data = sys.stdin.buffer.read()
    tiny = open(sys.argv[2], "rb").read()
    await check_image(tiny)
    before = peak_kib()
    try:
        checked = await check_image(data, max_bytes=len(data), **limits)
        outcome = f"stored {checked.width}x{checked.height}, {len(checked.data) // 1024} KB"
    except ImageRejected as exc:
        outcome = f"refused: {exc.reason}"
    print(json.dumps({"growth_mib": (peak_kib() - before) / 1024, "outcome": outcome}))

asyncio.run(main())
"""


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **({"optimize": True} if fmt == "PNG" else {"quality": 90}))
    return out.getvalue()


def bomb() -> bytes:
    """The reported upload: ~100 KB of PNG declaring 5000 x 5000 pixels."""
    return _encoded(Image.new("RGB", (5000, 5000), (250, 250, 250)), "PNG")


def drawing(size: tuple[int, int], fmt: str) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, size[0], 97):
        draw.line((i, 0, size[0] - i, size[1]), fill=(i % 255, 90, 200), width=5)
    return _encoded(image, fmt)


def measure(data: bytes, limits: dict[str, object], tiny: Path) -> dict[str, object]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CHILD, json.dumps(limits), str(tiny)],
        input=data,
        capture_output=True,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    result: dict[str, object] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def main() -> None:
    tiny = ROOT / "var" / "image_rss_tiny.png"
    tiny.parent.mkdir(exist_ok=True)
    tiny.write_bytes(drawing((64, 48), "PNG"))
    avatar = {"max_side": 512}
    cases = [
        ("5000x5000 PNG bomb", bomb(), [("before", OLD_LIMITS), ("avatar now", avatar)]),
        (
            "4096x4096 PNG (at the pixel cap)",
            drawing((4096, 4096), "PNG"),
            [("before", OLD_LIMITS), ("avatar now", avatar)],
        ),
        (
            "4000x3000 JPEG photo",
            drawing((4000, 3000), "JPEG"),
            [("before", OLD_LIMITS), ("avatar now", avatar), ("banner now", {"max_side": 1600})],
        ),
    ]
    print(f"{'picture':34} {'size':>8}  {'limits':11} {'peak RSS growth':>16}  outcome")
    for name, data, runs in cases:
        for label, limits in runs:
            result = measure(data, limits, tiny)
            print(
                f"{name:34} {len(data) // 1024:>5} KB  {label:11} "
                f"{result['growth_mib']:>12.1f} MiB  {result['outcome']}"
            )
    tiny.unlink()


if __name__ == "__main__":
    main()
