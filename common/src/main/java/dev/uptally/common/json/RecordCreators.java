package dev.uptally.common.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleValueInstantiators;

/**
 * Calls the canonical constructors of public records through a method handle spread once, when the deserializer is
 * built. Jackson 3.3 calls a property-based creator with {@code MethodHandle.invokeWithArguments}, which builds a
 * spreader on every call: in a 1000-sample replay that was a tenth of the decoding. Everything else (which properties
 * go to which argument, defaults for absent ones, how a constructor's exception is reported) stays Jackson's.
 */
final class RecordCreators extends SimpleValueInstantiators {

  private static final long serialVersionUID = 1L;

  @Override
  public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier description,
      ValueInstantiator instantiator) {
    if (instantiator.getClass() != StdValueInstantiator.class
        || !(instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
      return instantiator;
    }
    Constructor<?> constructor = creator.getAnnotated();
    Class<?> type = constructor.getDeclaringClass();
    if (!type.isRecord() || !Modifier.isPublic(type.getModifiers()) || !Modifier.isPublic(constructor.getModifiers())) {
      return instantiator;
    }
    MethodHandle spread;
    try {
      spread = MethodHandles.publicLookup().unreflectConstructor(constructor)
          .asSpreader(Object[].class, constructor.getParameterCount())
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (IllegalAccessException e) {
      return instantiator; // Jackson's own call still works
    }
    return new Spread((StdValueInstantiator) instantiator, spread);
  }

  /** Jackson's instantiator, with the constructor called through the spread handle. */
  private static final class Spread extends StdValueInstantiator {

    private static final long serialVersionUID = 1L;
    private final transient MethodHandle constructor;

    Spread(StdValueInstantiator original, MethodHandle constructor) {
      super(original);
      this.constructor = constructor;
    }

    @Override
    public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) throws JacksonException {
      try {
        return (Object) constructor.invokeExact(args);
      } catch (Exception e) { // as Jackson does: the record's own refusal becomes a mapping error with its path
        return ctxt.handleInstantiationProblem(getValueClass(), args, rewrapCtorProblem(ctxt, e));
      } catch (Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("record constructor of " + getValueClass().getName() + " failed", t);
      }
    }
  }
}
