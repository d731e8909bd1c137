"""reintegra find_duplicates: score the registry and fill the duplicate review queue.

    reintegra find_duplicates [--threshold 0.5] [--model MODEL.json]

Idempotent: pairs already in the queue, pending or decided, are not added again; pairs
decided "different people" are never proposed again. Progress goes to stderr.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Score every person of the registry against the others with the matching engine and put "
        "the likely duplicates not yet reviewed into the review queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold", type=float, default=None,
            help="lowest match probability put in the queue (default: the recommended threshold, 0.5)",
        )
        parser.add_argument("--model", metavar="PATH", help="a saved model (JSON); default: the shipped one")

    def handle(self, *args, **options) -> None:
        try:
            from reintegra.linkage.engine import ModelError, load_model
            from reintegra.linkage.registry import duplicates_find
        except ImportError as exc:
            raise CommandError(
                f"find_duplicates needs the linkage extra ({exc.name} is missing): "
                "pip install 'reintegra[linkage]'"
            ) from None
        threshold = options["threshold"]
        if threshold is not None and not 0.0 <= threshold <= 1.0:
            raise CommandError(f"--threshold must be between 0 and 1, not {threshold}")
        model = None
        if options["model"]:
            try:
                model = load_model(options["model"])
            except ModelError as exc:
                raise CommandError(str(exc)) from None
        start = time.perf_counter()

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.perf_counter() - start:6.1f}s] {message}")

        result = duplicates_find(model=model, threshold=threshold, progress=progress)
        self.stderr.write(
            f"{result.records} names read; {result.candidates} pairs of persons at or above "
            f"{result.threshold}; {result.added} added to the review queue"
        )
        self.stdout.write(f"{result.added} pairs added to the review queue")
