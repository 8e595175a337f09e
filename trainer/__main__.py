"""`python -m trainer` runs the same CLI as the `mlsd-trainer` script."""

from trainer.cli import main

if __name__ == "__main__":  # pragma: no cover - thin entry point
    main()
