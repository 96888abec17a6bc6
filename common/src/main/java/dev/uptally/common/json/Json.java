package dev.uptally.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one configured Jackson mapper for the wire protocol and the API.
 *
 * <p>Unknown properties are ignored (forward compatibility); read limits are far tighter than
 * Jackson's defaults because every byte the collector parses comes from the network: nesting depth
 * {@value #MAX_NESTING_DEPTH}, strings of at most {@value #MAX_STRING_CHARS} characters, numbers of at
 * most {@value #MAX_NUMBER_CHARS} digits. Default typing is never enabled. Thread-safe.
 */
public final class Json {

  public static final int MAX_NESTING_DEPTH = 16;
  public static final int MAX_STRING_CHARS = 64 * 1024;
  public static final int MAX_NUMBER_CHARS = 32;

  private static final JsonMapper MAPPER = build();

  private Json() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  private static JsonMapper build() {
    StreamReadConstraints limits = StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxStringLength(MAX_STRING_CHARS)
        .maxNumberLength(MAX_NUMBER_CHARS)
        .maxNameLength(256)
        .build();
    JsonFactory factory = JsonFactory.builder().streamReadConstraints(limits).build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.ALWAYS))
        .build();
  }
}
