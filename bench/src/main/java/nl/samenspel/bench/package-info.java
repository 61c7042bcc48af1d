/**
 * The benchmark (issue 6): synthetic municipalities at several sizes through the whole
 * pipeline, side by side with DuckDB (ingest and journeys in SQL) and R (one AIPW fit with
 * glm), on the same files.
 */
package nl.samenspel.bench;
