"""Samenspel: the monthly run on a Spark cluster, submitted by Airflow (see docs/cluster.md).

Needs Airflow 2.4 or later with the provider package apache-airflow-providers-apache-spark,
spark-submit of a Spark 4.1.x installation (Scala 2.13, Java 17) on the Airflow worker, and:

- a Spark connection ``spark_samenspel`` whose host is the master (``spark://host:7077``,
  ``yarn`` or ``k8s://https://...``);
- the cluster jar, built with ``mvn -B -Pcluster -DskipTests package``, at ``CLUSTER_JAR``;
- ``/etc/samenspel/run.yaml`` on the driver's machine (input folder, output folder on a shared
  filesystem, ...);
- the pseudonymization key in the Airflow variable ``samenspel_pseudonymization_secret``. The
  word "secret" in its name makes Airflow mask the value in task logs and rendered templates.
  Alternatively leave ``env_vars`` out and name a key file in run.yaml
  (``pseudonymization.key_file``) that only the job's user can read.

Exit codes of Samenspel (README): 2 usage, 3 input, 4 the disclosure audit refused the
publish, 5 a data-quality gate stopped the run, 6 the period was already published from other
input, 7 another run holds the output folder (a manual run, say). They are not transient: a
person has to look at the extract, the output or the other run, so the task fails at once
instead of being retried. Anything else (a lost cluster, an internal error) is retried once.
spark-submit passes Samenspel's exit code on in client mode only; in cluster mode every failure
looks alike and is retried once.

The run writes its events as JSON lines (``--log-format json``, fields in docs/operations.md,
"Events"): in client mode they are the driver's stdout, which the operator copies into the
task log, so the log shows each stage starting and finishing, a progress event every 15
seconds (combinations settled out of all, per subgroup, and a guess of the time left) and the
counts, and a log collector can index them. The last event, ``run_finished``, holds the exit
code and the error; the operator below takes both from it when the hook's error message
includes the end of the log (recent provider versions do), else the code from "Error code is".
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pendulum
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

CLUSTER_JAR = "/opt/samenspel/samenspel-pipelines-0.1.0-SNAPSHOT-cluster.jar"
RUN_CONFIG = "/etc/samenspel/run.yaml"

# The Java 17 flags Spark needs: spark.jvm.flags of pom.xml (a test keeps the lists equal).
SPARK_JVM_FLAGS = " ".join([
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
    "-Dio.netty.tryReflectionSetAccessible=true",
])

# Usage, input, disclosure and data-quality problems, and a folder in use: a retry fails the
# same way.
NOT_RETRIED = {2: "usage", 3: "input", 4: "disclosure", 5: "data quality",
               6: "period already published", 7: "output folder in use by another run"}


def run_finished(log_text):
    """The last ``run_finished`` event among the JSON lines of a log text, or None."""
    found = None
    for line in log_text.splitlines():
        start = line.find('{"time":')
        if start < 0:
            continue
        try:
            event = json.loads(line[start:])
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("event") == "run_finished":
            found = event
    return found


class SamenspelSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that fails without retries on Samenspel's exit codes 2 to 7."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as error:
            event = run_finished(str(error))
            if event is not None:
                code = event.get("exit_code")
                detail = event.get("error", "")
            else:
                # The hook reports "... Error code is: N." when spark-submit exits with N.
                found = re.search(r"Error code is: (\d+)", str(error))
                code = int(found.group(1)) if found else None
                detail = "see the task log"
            if code in NOT_RETRIED:
                raise AirflowFailException(
                    f"samenspel exited with {code} ({NOT_RETRIED[code]} problem): {detail}; "
                    "fix the extract, the configuration or the schedule, then clear the task"
                ) from error
            raise


with DAG(
    dag_id="samenspel_monthly",
    description="Samenspel evidence run on the month's extracts (spark-submit)",
    # The 5th of every month at 03:00, when the month's extracts have been delivered.
    schedule="0 3 5 * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="Europe/Amsterdam"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30)},
    tags=["samenspel"],
) as dag:
    SamenspelSubmitOperator(
        task_id="run",
        conn_id="spark_samenspel",
        deploy_mode="client",
        application=CLUSTER_JAR,
        java_class="nl.samenspel.pipelines.cli.Main",
        name="samenspel",
        # One JSON event per line in the task log (docs/operations.md, "Events").
        application_args=["run", "--config", RUN_CONFIG, "--log-format", "json"],
        conf={
            "spark.driver.extraJavaOptions": SPARK_JVM_FLAGS,
            "spark.executor.extraJavaOptions": SPARK_JVM_FLAGS,
            # Where env_vars become Spark settings (YARN, Kubernetes), hide the key in Spark's
            # UI and event log as well.
            "spark.redaction.regex": "(?i)secret|password|token|access[.]key|pseudonymization",
            "spark.executor.memoryOverhead": "2g",
        },
        # A starting point for about 500,000 clients (docs/cluster.md), not a measurement.
        driver_memory="4g",
        executor_memory="12g",
        executor_cores=4,
        num_executors=2,  # YARN and Kubernetes
        total_executor_cores=8,  # Spark standalone
        env_vars={
            "SAMENSPEL_PSEUDONYMIZATION_KEY": "{{ var.value.samenspel_pseudonymization_secret }}",
        },
        execution_timeout=timedelta(hours=12),
    )
