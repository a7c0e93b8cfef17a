package dev.celeriac.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExceptionTextTest {

  /** As a Python 5.2 worker on the threads pool sends it (abridged). */
  private static final String TRACEBACK =
      "Traceback (most recent call last):\n"
          + "  File \"/usr/lib/python3/dist-packages/celery/app/trace.py\", line 451, in"
          + " trace_task\n"
          + "    R = retval = fun(*args, **kwargs)\n"
          + "  File \"/srv/tasks.py\", line 6, in boom\n"
          + "    raise ValueError('boom %s' % x)\n"
          + "ValueError: boom 3\n";

  @Test
  void showsBilliardsWrapperAsTheLastLineOfTheTraceback() {
    assertThat(ExceptionText.describe("ExceptionWithTraceback()", TRACEBACK))
        .isEqualTo("ValueError: boom 3");
    assertThat(ExceptionText.describe("billiard.einfo.ExceptionWithTraceback()", TRACEBACK))
        .isEqualTo("ValueError: boom 3");
    assertThat(ExceptionText.describe("ExceptionWithTraceback()", "x\r\nKeyError: 'k'\r\n\r\n"))
        .isEqualTo("KeyError: 'k'");
  }

  @Test
  void showsAnyOtherReprAsItIs() {
    assertThat(ExceptionText.describe("ValueError('boom 3')", TRACEBACK))
        .isEqualTo("ValueError('boom 3')");
    assertThat(ExceptionText.describe("MyExceptionWithTraceback()", TRACEBACK))
        .isEqualTo("MyExceptionWithTraceback()");
    assertThat(ExceptionText.describe(null, TRACEBACK)).isNull();
  }

  @Test
  void keepsTheWrapperWhenThereIsNoTracebackToNameTheException() {
    assertThat(ExceptionText.describe("ExceptionWithTraceback()", null))
        .isEqualTo("ExceptionWithTraceback()");
    assertThat(ExceptionText.describe("ExceptionWithTraceback()", "  \n"))
        .isEqualTo("ExceptionWithTraceback()");
  }
}
