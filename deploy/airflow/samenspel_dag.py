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
input. They are not transient: a person has to look at
the extract or the output, so the task fails at once instead of being retried. Anything else
(a lost cluster, an internal error) is retried once. spark-submit passes Samenspel's exit code
on in client mode only; in cluster mode every failure looks alike and is retried once.
"""

from __future__ import annotations

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

# Usage, input, disclosure and data-quality problems: a retry fails the same way.
NOT_RETRIED = {2: "usage", 3: "input", 4: "disclosure", 5: "data quality",
               6: "period already published"}


class SamenspelSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that fails without retries on Samenspel's exit codes 2 to 6."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as error:
            # The hook reports "... Error code is: N." when spark-submit exits with N.
            found = re.search(r"Error code is: (\d+)", str(error))
            code = int(found.group(1)) if found else None
            if code in NOT_RETRIED:
                raise AirflowFailException(
                    f"samenspel exited with {code} ({NOT_RETRIED[code]} problem): see the "
                    "task log; fix the extract or the configuration, then clear the task"
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
        application_args=["run", "--config", RUN_CONFIG],
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
