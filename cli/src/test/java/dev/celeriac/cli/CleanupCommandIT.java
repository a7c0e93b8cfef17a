package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.backend.db.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code celeriac cleanup}: expired rows deleted from PostgreSQL; nothing to do elsewhere. */
class CleanupCommandIT {

  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    var cli = CeleriacCommand.commandLine(Map.of());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    return cli.execute(args);
  }

  @Test
  void deletesRowsFinishedLongerAgoThanTheExpiryAndKeepsTheRest() throws Exception {
    String url = TestPostgres.require();
    String old = "cleanup-old-" + UUID.randomUUID();
    String fresh = "cleanup-fresh-" + UUID.randomUUID();
    // Let the backend create the tables, then write two finished rows directly.
    assertThat(run("cleanup", "--result-backend", url, "--result-expires", "365d")).isZero();
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO celery_taskmeta (id, task_id, status, date_done)"
                    + " VALUES (nextval('task_id_sequence'), ?, 'SUCCESS',"
                    + " (now() at time zone 'utc') - ?::interval)")) {
      s.setString(1, old);
      s.setString(2, "3 hours");
      s.executeUpdate();
      s.setString(1, fresh);
      s.setString(2, "10 minutes");
      s.executeUpdate();
    }

    assertThat(run("cleanup", "--result-backend", url, "--result-expires", "1h")).isZero();

    assertThat(out.toString())
        .containsPattern("deleted \\d+ result\\(s\\) finished more than 1h ago");
    assertThat(exists(url, old)).isFalse();
    assertThat(exists(url, fresh)).isTrue();
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement s = c.prepareStatement("DELETE FROM celery_taskmeta WHERE task_id = ?")) {
      s.setString(1, fresh);
      s.executeUpdate();
    }
  }

  @Test
  void hasNothingToDoForBackendsThatExpireByThemselves() {
    assertThat(run("cleanup", "--result-backend", "rpc://")).isZero();
    assertThat(run("cleanup", "--result-backend", "redis://127.0.0.1:6379/12")).isZero();
    assertThat(out.toString())
        .contains("nothing to do: rpc:// stores no results")
        .contains("expire by themselves (TTL)");
  }

  private static boolean exists(String url, String id) throws Exception {
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement s =
            c.prepareStatement("SELECT 1 FROM celery_taskmeta WHERE task_id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
