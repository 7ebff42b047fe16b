package org.rios.beam;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * How a transform's display data names the author's user function: its class, or, for a lambda or a method
 * reference (whose class is a synthetic {@code Outer$$Lambda$14/0x...} that says nothing in a runner's UI),
 * the method it stands for, read from the lambda's serialized form ({@code org.example.Ndvi::compute}, or
 * {@code lambda in org.example.Pipeline.main}).
 */
final class UserFunctionNames {
  private UserFunctionNames() {}

  static String describe(Object fn) {
    if (fn instanceof org.rios.applier.WithoutOtherArgs w) {
      fn = w.fn();   // a function without otherArgs, as Applier.apply and RiosIO.process run it: the user's own
    }
    Class<?> c = fn.getClass();
    if (!c.isSynthetic() || !c.getName().contains("$$Lambda")) {
      return c.getName();
    }
    try {
      Method writeReplace = c.getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      if (writeReplace.invoke(fn) instanceof SerializedLambda l) {
        String owner = l.getImplClass().replace('/', '.');
        String method = l.getImplMethodName();
        if (method.startsWith("lambda$")) {
          // javac names a lambda's body lambda$<enclosing method>$<n> ("new" in a constructor or instance
          // initialiser, "static" in a static initialiser); Eclipse's compiler lambda$<n>
          String[] parts = method.split("\\$");
          String enclosing = parts.length > 2 ? parts[1] : "";
          return switch (enclosing) {
            case "" -> "lambda in " + owner;
            case "new" -> "lambda in a constructor of " + owner;
            case "static" -> "lambda in the static initialiser of " + owner;
            default -> "lambda in " + owner + "." + enclosing;
          };
        }
        return owner + "::" + (method.equals("<init>") ? "new" : method);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // a lambda that is not serializable, or a JVM that hides its form: its class name is all there is
    }
    return c.getName();
  }
}
