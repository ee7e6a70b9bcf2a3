"""Run every benchmark: ``python -m benchmarks [name ...]``."""

import importlib
import sys

NAMES = ["export_size", "records_speed", "works_recall", "app_speed", "scale"]


def main() -> None:
    for name in sys.argv[1:] or NAMES:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as err:
            print(f"== {name}: not available ({err})\n")
            continue
        print(f"== {name}")
        module.run()
        print()


if __name__ == "__main__":
    main()
