package dev.celeriac.beat.schedule;

import dev.celeriac.error.ConfigurationException;

/** A schedule field that cannot be read; {@link #field()} names it for the caller's message. */
public final class InvalidFieldException extends ConfigurationException {

  private final String field;

  public InvalidFieldException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  /** The field's name, e.g. {@code day_of_week}. */
  public String field() {
    return field;
  }
}
