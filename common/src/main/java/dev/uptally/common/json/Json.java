package dev.uptally.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The one configured Jackson mapper for the wire protocol and the API.
 *
 * <p>Unknown properties are ignored (forward compatibility); read limits are far tighter than
 * Jackson's defaults because every byte the collector parses comes from the network: nesting depth
 * {@value #MAX_NESTING_DEPTH}, strings of at most {@value #MAX_STRING_CHARS} characters, numbers of at
 * most {@value #MAX_NUMBER_CHARS} digits. Default typing is never enabled. Thread-safe.
 *
 * <p>Numbers are taken only as what they are: an integer field refuses a fraction ({@code "seq": 1.5} is not
 * truncated to 1) and a float literal ({@code 1e3}), and no number field accepts a string ({@code "NaN"},
 * {@code "Infinity"}, {@code "12"}), so non-finite values cannot enter through a string; JSON's own number syntax
 * has no NaN or Infinity (Jackson's non-numeric-numbers feature stays off). A float literal too large for a double
 * ({@code 1e400}) still reads as infinity: range checks of the receiving side refuse it.
 *
 * <p>Public records are built through {@link RecordCreators} (the same creator, called without a spreader per call).
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
    // buffers recycled per thread: every thread that parses is a platform thread (event loops, parsers of the
    // restart), and the default shared deque was 5 % of a restart's parsing on two cores, contended
    JsonFactory factory = JsonFactory.builder().streamReadConstraints(limits)
        .recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .withCoercionConfig(LogicalType.Integer, c -> c
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
        .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.ALWAYS))
        .addModule(new SimpleModule("uptally-record-creators").setValueInstantiators(new RecordCreators()))
        .build();
  }
}
