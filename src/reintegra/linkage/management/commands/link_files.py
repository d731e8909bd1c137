"""reintegra link_files: find the same people in two CSV lists, or duplicates in one.

    reintegra link_files LEFT.csv RIGHT.csv --out PAIRS.csv
    reintegra link_files FILE.csv --dedupe --out PAIRS.csv

A thin wrapper: reading and writing files is in linkage.csvio, matching in
linkage.engine.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

PERSON_COLUMNS = "given_name, family_name, father_name, sex, date_of_birth, place_of_birth"


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"--threshold must be a number between 0 and 1, not {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise CommandError(f"--threshold must be between 0 and 1, not {value}")
    return value


class Command(BaseCommand):
    help = (
        "Link two CSV lists of people (or find duplicates in one with --dedupe) and write "
        "the candidate pairs as left_id,right_id,match_probability,match_weight. Input "
        f"columns: record_id and any of {PERSON_COLUMNS}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE.csv", help="one or two CSV files")
        parser.add_argument("--out", required=True, metavar="PAIRS.csv", help="output file")
        parser.add_argument("--dedupe", action="store_true", help="find duplicates within one file")
        parser.add_argument(
            "--threshold",
            default=None,
            help="lowest match probability reported (default: the recommended threshold, 0.5)",
        )
        parser.add_argument(
            "--one-to-one",
            action="store_true",
            help="keep only each record's best partner (when neither list has duplicates)",
        )
        parser.add_argument(
            "--lists-have-duplicates",
            action="store_true",
            help=(
                "a list may hold the same person twice: score each pair on its own "
                "instead of weighing it against the other candidates of its records"
            ),
        )
        parser.add_argument(
            "--encoding", default="utf-8", help="encoding of the input files (default utf-8)"
        )
        parser.add_argument("--model", metavar="PATH", help="reuse a saved model (JSON)")
        parser.add_argument("--save-model", metavar="PATH", help="save the trained model (JSON)")
        parser.add_argument(
            "--engine",
            choices=["duckdb", "spark"],
            default="duckdb",
            help="duckdb (default) or spark (local mode, needs Java and reintegra[spark])",
        )

    def handle(self, *args, **options) -> None:
        try:
            # The matching libraries are the optional extra reintegra[linkage].
            from reintegra.linkage.csvio import read_records_csv, write_pairs_csv
            from reintegra.linkage.dates import DobError
            from reintegra.linkage.engine import (
                InputError,
                ModelError,
                dedupe,
                link,
                load_model,
                save_model,
            )
        except ImportError as exc:
            raise CommandError(
                f"link_files needs the linkage extra ({exc.name} is missing): "
                "pip install 'reintegra[linkage]'"
            ) from None
        files: list[str] = options["files"]
        if options["dedupe"] and len(files) != 1:
            raise CommandError(f"--dedupe takes one file, {len(files)} given")
        if options["dedupe"] and options["one_to_one"]:
            raise CommandError("--one-to-one is for linking two files, not with --dedupe")
        if options["dedupe"] and options["lists_have_duplicates"]:
            raise CommandError(
                "--lists-have-duplicates is for linking two files, not with --dedupe"
            )
        if not options["dedupe"] and len(files) != 2:
            raise CommandError(f"give two files to link (or one with --dedupe), {len(files)} given")
        threshold = None if options["threshold"] is None else _threshold(options["threshold"])
        backend = options["engine"]
        if backend == "spark":
            from reintegra.linkage.spark import spark_unavailable

            reason = spark_unavailable()
            if reason:
                raise CommandError(f"--engine spark cannot run: {reason}")

        start = time.perf_counter()

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.perf_counter() - start:6.1f}s] {message}")

        try:
            model = load_model(options["model"]) if options["model"] else None
            tables = []
            for name in files:
                frame, ignored = read_records_csv(name, encoding=options["encoding"])
                if ignored:
                    self.stderr.write(
                        f"warning: {Path(name).name}: columns not used for matching "
                        f"and ignored: {', '.join(ignored)}"
                    )
                tables.append(frame)
            kwargs = dict(model=model, threshold=threshold, backend=backend, progress=progress)
            names = [Path(name).name for name in files]
            if options["dedupe"]:
                result = dedupe(tables[0], label=names[0], **kwargs)
            else:
                result = link(
                    tables[0],
                    tables[1],
                    labels=(names[0], names[1]),
                    one_to_one=options["one_to_one"],
                    exclusive=not options["lists_have_duplicates"],
                    **kwargs,
                )
        except (InputError, ModelError, DobError) as exc:
            raise CommandError(str(exc)) from None

        out = Path(options["out"])
        try:
            write_pairs_csv(result.pairs, out)
            if options["save_model"]:
                save_model(result.model, options["save_model"])
        except OSError as exc:
            raise CommandError(f"cannot write {exc.filename}: {exc.strerror}") from None
        self.stdout.write(
            f"{len(result.pairs)} pairs at or above match probability {result.threshold} "
            f"written to {out}"
        )
