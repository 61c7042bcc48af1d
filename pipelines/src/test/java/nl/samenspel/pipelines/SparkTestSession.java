package nl.samenspel.pipelines;

import nl.samenspel.pipelines.spark.Sessions;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of a test run: local[2], UI off, two shuffle partitions, loopback
 * host. Created on first use and left to the JVM's shutdown; commands under test reuse it
 * instead of starting their own.
 */
public final class SparkTestSession {

  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = Sessions.create("local[2]", 2);
    }
    return session;
  }
}
