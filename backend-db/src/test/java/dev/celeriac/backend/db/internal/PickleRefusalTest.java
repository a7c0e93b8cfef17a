package dev.celeriac.backend.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.state.TaskState;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Anything but a pickle of JSON-shaped data is refused with the row named, never run. */
class PickleRefusalTest {

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  @Test
  void refusesAPickledObjectNamingTheTaskAndTheClass() {
    // pickle.dumps(datetime.datetime(2026, 1, 1), 5)
    byte[] datetime =
        hex(
            "8005952a000000000000008c086461746574696d65948c086461746574696d65949394430a07ea"
                + "010100000000000094859452942e");
    assertThatThrownBy(() -> Pickles.decodeResult("task 't-1' (row of celery_taskmeta)", datetime))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task 't-1'")
        .hasMessageContaining("datetime.datetime")
        .hasMessageContaining("never unpickles");
  }

  @Test
  void refusesOsSystemWithoutRunningIt() {
    // cos\nsystem\n(S'touch /tmp/x'\ntR. : protocol 0 text opcodes are not even read.
    byte[] evil = "cos\nsystem\n(S'touch /tmp/x'\ntR.".getBytes();
    assertThatThrownBy(() -> Pickles.decodeResult("task 'evil'", evil))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task 'evil'")
        .hasMessageContaining("opcode 0x53");
  }

  @Test
  void refusesTruncatedAndGarbageBytes() {
    byte[] good = Pickles.encodeResult(TaskState.SUCCESS, CeleryJson.read("[1, 2, 3]".getBytes()));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> Pickles.decodeResult("task 'cut'", truncated))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task 'cut'")
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Pickles.decodeResult("task 'json'", "{\"a\": 1}".getBytes()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task 'json'");
    assertThatThrownBy(() -> Pickles.decodeResult("task 'empty'", new byte[0]))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesBytesSetsAndImpossibleLengths() {
    // pickle.dumps(b'ab', 5), pickle.dumps({1}, 5)
    assertThatThrownBy(
            () -> Pickles.decodeResult("task 'b'", hex("800595060000000000000043026162942e")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("bytes object");
    assertThatThrownBy(
            () -> Pickles.decodeResult("task 's'", hex("80059507000000000000008f94284b01902e")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task 's'")
        .hasMessageContaining("a set");
    assertThatThrownBy(() -> Pickles.decodeResult("task 'len'", hex("800558ffffff7f2e")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task 'len'");
  }

  @Test
  void refusesSharedReferencesThatWouldExpandExponentially() {
    // l0 = []; l1 = [l0, l0]; … l40 = [l39, l39]: 2^40 leaves from a few hundred bytes.
    java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
    p.write(0x80);
    p.write(4);
    p.write(']');
    p.write(0x94); // memo 0
    p.write('0');
    for (int i = 1; i <= 40; i++) {
      p.write(']');
      p.write(0x94); // memo i
      p.write('(');
      p.write('h');
      p.write(i - 1);
      p.write('h');
      p.write(i - 1);
      p.write('e');
      p.write('0'); // pop: l_i stays reachable through the memo
    }
    p.write('h');
    p.write(40);
    p.write('.');
    assertThatThrownBy(() -> Pickles.decodeResult("task 'bomb'", p.toByteArray()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task 'bomb'")
        .hasMessageContaining("expands");
  }

  @Test
  void refusesAGroupThatIsNotAGroupResult() {
    byte[] notGroup = Pickles.encodeResult(TaskState.SUCCESS, CeleryJson.read("[1]".getBytes()));
    assertThatThrownBy(() -> Pickles.decodeGroup("group 'g' (row of celery_tasksetmeta)", notGroup))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("group 'g'")
        .hasMessageContaining("GroupResult");
  }

  @Test
  void roundTripsLargeValuesAcrossFrames() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 5000; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"n\": ")
          .append(i * 1000003L)
          .append(", \"s\": \"")
          .append("x".repeat(i % 40))
          .append("\"}");
    }
    json.append(", \"").append("y".repeat(70_000)).append("\"]");
    var value = CeleryJson.read(json.toString().getBytes());
    byte[] pickle = Pickles.encodeResult(TaskState.SUCCESS, value);
    assertThat(Pickles.decodeResult("big", pickle)).isEqualTo(value);
  }
}
