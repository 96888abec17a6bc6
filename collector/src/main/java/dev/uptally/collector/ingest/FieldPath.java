package dev.uptally.collector.ingest;

/**
 * Where a value sits in a request, e.g. {@code samples[3].health.disks[0]}, spelled out only when a check refuses it.
 * A 1000-sample replay is checked field by field; building each field's name as a string up front cost more than the
 * checks themselves. Immutable.
 */
final class FieldPath {

  private final FieldPath parent;
  private final String name;
  private final int index;

  private FieldPath(FieldPath parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  /** {@code name[index]} at the top of the request. */
  static FieldPath item(String name, int index) {
    return new FieldPath(null, name, index);
  }

  /** {@code at} as a path to name entries under: itself, or a String as a path of that one name. */
  static FieldPath of(Object at) {
    return at instanceof FieldPath p ? p : new FieldPath(null, String.valueOf(at), -1);
  }

  /** {@code this + name}, e.g. {@code .health}. */
  FieldPath then(String name) {
    return new FieldPath(this, name, -1);
  }

  /** {@code this + name[index]}, e.g. {@code .disks[0]}. */
  FieldPath then(String name, int index) {
    return new FieldPath(this, name, index);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    append(b);
    return b.toString();
  }

  private void append(StringBuilder b) {
    if (parent != null) {
      parent.append(b);
    }
    b.append(name);
    if (index >= 0) {
      b.append('[').append(index).append(']');
    }
  }
}
