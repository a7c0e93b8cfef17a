package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The third element of a task body: canvas links carried with the call. Each field is the raw JSON
 * (signatures as Celery encodes them) or null. A body whose embed is {@code null} or {@code {}}
 * decodes to {@link #EMPTY}.
 *
 * @param callbacks signatures to call with the result ({@code link=})
 * @param errbacks signatures to call on failure ({@code link_error=})
 * @param chain the remaining chain steps, last step first
 * @param chord the chord body this task is a header member of
 */
public record Embed(JsonNode callbacks, JsonNode errbacks, JsonNode chain, JsonNode chord) {

  /**
   * No links: encodes as {@code {"callbacks": null, "errbacks": null, "chain": null, "chord":
   * null}}.
   */
  public static final Embed EMPTY = new Embed(null, null, null, null);
}
