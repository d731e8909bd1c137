"""Splink's Spark backend in local mode, for registries that outgrow one DuckDB.

Optional: needs the ``reintegra[spark]`` extra (pyspark) and a Java runtime.
:func:`spark_unavailable` says in words why it cannot run, so callers can
report or skip instead of failing with a Java stack trace.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from typing import Any

__all__ = ["arrow_to_spark", "local_session", "spark_api", "spark_unavailable"]


def spark_unavailable() -> str | None:
    """None when Spark can run here, else the reason it cannot."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'reintegra[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if not java or not os.path.exists(java):
        return "no Java runtime found (install Java 17 or set JAVA_HOME)"
    return None


def local_session(cores: int | str = "*", memory: str = "2g", partitions: int = 4) -> Any:
    """A local SparkSession with Splink's string-similarity functions loaded."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    checkpoints = tempfile.mkdtemp(prefix="reintegra-spark-")
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("reintegra-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", memory)
        # Few partitions: local mode on a few cores; Spark's default of 200 only
        # adds scheduling overhead here.
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(checkpoints)
    # FATAL, not ERROR: Spark logs a Java stack trace at ERROR whenever Splink's
    # very large scoring expression is too big for code generation, then falls
    # back to interpreting it correctly. Real failures still raise in Python.
    session.sparkContext.setLogLevel("FATAL")
    return session


def spark_api(session: Any = None):
    from splink.backends.spark import SparkAPI

    return SparkAPI(spark_session=session or local_session(), num_partitions_on_repartition=4)


def arrow_to_spark(table: Any, db_api: Any) -> Any:
    """A Spark DataFrame with the same explicit column types as the Arrow table."""
    from pyspark.sql import types as T

    kinds = {"int32": T.IntegerType(), "bool": T.BooleanType(), "string": T.StringType()}
    schema = T.StructType(
        [T.StructField(f.name, kinds[str(f.type)], nullable=True) for f in table.schema]
    )
    rows = [tuple(r.values()) for r in table.to_pylist()]
    return db_api.spark.createDataFrame(rows, schema=schema)
