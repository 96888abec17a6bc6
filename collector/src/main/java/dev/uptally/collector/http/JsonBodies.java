package dev.uptally.collector.http;

import dev.uptally.common.json.Json;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/** Reads request bodies with {@link Json#mapper()}, turning Jackson failures into a 400 naming field and position. */
public final class JsonBodies {

  private JsonBodies() {}

  /** @throws HttpException 400 naming the field path, line and column when the body does not decode */
  public static <T> T read(HttpCall call, Class<T> type) {
    if (call.body().length == 0) {
      throw HttpException.badRequest("request body is empty; expected a JSON " + type.getSimpleName());
    }
    T value;
    try {
      value = Json.mapper().readValue(call.body(), type);
    } catch (JacksonException e) {
      throw HttpException.badRequest(describe(e));
    }
    if (value == null) {
      throw HttpException.badRequest("request body is JSON null; expected a " + type.getSimpleName());
    }
    return value;
  }

  /**
   * As {@link #read(HttpCall, Class)}, trying {@code fast} first: a reader for the common shape of the body that
   * returns null where it does not decide (then the mapper reads it, and names what is wrong).
   */
  public static <T> T read(HttpCall call, Class<T> type, Function<byte[], T> fast) {
    T value = fast.apply(call.body());
    return value != null ? value : read(call, type);
  }

  static String describe(JacksonException e) {
    StringBuilder message = new StringBuilder("malformed JSON");
    String path = path(e.getPath());
    if (!path.isEmpty()) {
      message.append(" at '").append(path).append('\'');
    }
    TokenStreamLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      message.append(" (line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr())
          .append(')');
    }
    String original = e.getOriginalMessage();
    if (original != null) {
      message.append(": ").append(original.lines().findFirst().orElse(original));
    }
    return message.toString();
  }

  private static String path(List<JacksonException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : references) {
      if (reference.getPropertyName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
