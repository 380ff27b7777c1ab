"""The wheel works anywhere: built from the checkout, installed alone, it extracts as the checkout does.

1. Build the wheel (``pip wheel --no-deps``) into a temporary folder.
2. Create a new virtual environment outside the checkout and install the wheel there, with its
   pinned dependencies (pip's cache makes this quick after ``make``).
3. From a directory outside the checkout, run that environment's ``vnfacts extract`` on the
   corpus, and the checkout's ``vnfacts extract`` on the same files.
4. The two record files must be identical, byte for byte; the wheel must hold the rule files
   and the model (read with importlib.resources, never from the checkout).

Exit status 0 when they match; 1 with a one-line reason when they do not.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKOUT_VNFACTS = ROOT / ".venv" / "bin" / "vnfacts"
SAMPLES = ROOT / "corpus" / "samples"
MUST_SHIP = ("pipeline/data/rules/person.yaml", "pipeline/data/models/person/model.json",
             "pipeline/data/models/person/meta.json", "pipeline/schema/record.schema.json")


def run(args: list[str], cwd: Path) -> None:
    """Run a command; stop with its output when it fails."""
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"wheel-check: {' '.join(args[:3])} … failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="vnfacts-wheel-") as tmp:
        work = Path(tmp)
        run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
            cwd=work)
        [wheel] = sorted((work / "dist").glob("vnfacts-*.whl"))
        names = set(zipfile.ZipFile(wheel).namelist())
        missing = [name for name in MUST_SHIP if name not in names]
        if missing:
            sys.exit(f"wheel-check: {wheel.name} lacks {', '.join(missing)}")
        venv.EnvBuilder(with_pip=True).create(work / "env")
        python = work / "env" / "bin" / "python"
        run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=work)
        installed = work / "env" / "bin" / "vnfacts"
        for name, command in (("wheel", installed), ("checkout", CHECKOUT_VNFACTS)):
            run([str(command), "extract", str(SAMPLES), "-o", str(work / f"{name}.jsonl"),
                 "--rejects", str(work / f"{name}.rejects.jsonl"), "--workers", "1", "--quiet"], cwd=work)
        for suffix in (".jsonl", ".rejects.jsonl"):
            if not filecmp.cmp(work / f"wheel{suffix}", work / f"checkout{suffix}", shallow=False):
                sys.exit(f"wheel-check: the installed wheel's records{suffix} differ from the checkout's")
        records = sum(1 for _ in (work / "wheel.jsonl").open(encoding="utf-8"))
    print(f"wheel-check: {wheel.name} installed outside the checkout extracts the corpus "
          f"({records} records) exactly as the checkout does")
    return 0


if __name__ == "__main__":
    sys.exit(main())
