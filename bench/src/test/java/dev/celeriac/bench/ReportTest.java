package dev.celeriac.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static final String POSTGRES = "db+postgresql://postgres@127.0.0.1:5432/celeriac_bench";

  private static Report report() {
    Report report = new Report(false, 1, Harness.Sizes.FULL, "redis://127.0.0.1:6379/11", POSTGRES);
    report.started = ZonedDateTime.of(2026, 12, 4, 12, 0, 0, 0, ZoneOffset.UTC);
    report.cores = 2;
    return report;
  }

  /** Figures of one round on the PostgreSQL backend; 10000 tasks as in the full run. */
  private static void postgresRound(Report report, int round, double seconds) {
    report.samples.add(round, "raw.rr", 2.0); // 5000/s
    report.samples.add(round, "raw.p50", 1.0);
    report.samples.add(round, "raw.p99", 2.0);
    report.samples.add(round, "postgres.add", seconds);
    report.samples.add(round, "postgres.add.cpu", 0.25);
    report.samples.add(round, "postgres.p50", 1.2);
    report.samples.add(round, "postgres.p99", 2.5);
    report.samples.add(round, "celery.postgres.add", 10.0); // 1000 tasks: 100/s
    report.samples.add(round, "celery.postgres.p50", 20.0);
    report.samples.add(round, "celery.postgres.p99", 40.0);
  }

  @Test
  void postgresRowsCompareWithCeleryOnTheSameDatabaseAndRawWithinEachRound() {
    Report report = report();
    postgresRound(report, 1, 4.0); // 2500/s: 25× Celery, 50 % of raw

    String[] rows = report.table().split("\n");

    assertEquals(4, rows.length, report.table()); // header, rule, throughput, latency
    assertEquals(
        "| throughput, 10000 trivial add tasks, results collected (PostgreSQL backend) | 2500"
            + " tasks/s; worker CPU 0.250 ms per task | raw amqp-client request/reply 5000/s;"
            + " Celery threads-50 with the same PostgreSQL: 100 tasks/s (1000 tasks) | ≥ 10× Celery;"
            + " ≥ 50 % of raw | met (25.0×); met (50 %) |",
        rows[2]);
    assertEquals(
        "| latency of sequential delay().get() (PostgreSQL backend, 1000 calls) | p50 1.20 ms,"
            + " p99 2.50 ms | raw round trip p50 1.00 ms, p99 2.00 ms; Celery threads-50 with the"
            + " same PostgreSQL p50 20.00 ms, p99 40.00 ms | p50 ≤ 1.5× raw; p99 ≤ 3 ms | met"
            + " (1.20×); met |",
        rows[3]);
  }

  @Test
  void eachRatioIsTheMedianOfThePerRoundRatios() {
    Report report = report();
    postgresRound(report, 1, 20.0); // 5×
    postgresRound(report, 2, 5.0); // 20×
    postgresRound(report, 3, 8.0); // 12.5×

    String throughput = report.table().split("\n")[2];

    assertTrue(throughput.endsWith("| met (12.5× (5.0×–20.0×)); **missed** (25 % (10 %–40 %)) |"));
  }

  @Test
  void celeryOnRedisRunsAsManyAddsAsCeleriac() {
    Report report = report();
    report.samples.add(1, "raw.rr", 2.0);
    report.samples.add(1, "redis.add", 4.0);
    report.samples.add(1, "celery.redis.add", 40.0);

    String throughput = report.table().split("\n")[2];

    assertTrue(
        throughput.contains("Celery threads-50 with the same Redis: 250 tasks/s |"), throughput);
    assertTrue(throughput.endsWith("| met (10.0×); met (50 %) |"), throughput);
  }

  @Test
  void rowsOfABackendNotMeasuredAreLeftOut() {
    Report report = report();
    postgresRound(report, 1, 4.0);

    String table = report.table();

    assertFalse(table.contains("Redis backend"), table);
    assertTrue(table.contains("PostgreSQL backend"), table);
  }

  @Test
  void markdownDescribesThePostgresSetupAndSection() {
    Report report = report();
    postgresRound(report, 1, 4.0);

    String markdown = report.markdown();

    assertTrue(markdown.contains("- PostgreSQL rows: the same with `--result-backend " + POSTGRES));
    assertTrue(markdown.contains("it runs 1000 of them, not 10000"), markdown);
    assertTrue(markdown.contains("redis, postgres,\n"), markdown);
    assertTrue(Harness.SECTIONS.contains("postgres"));
  }
}
