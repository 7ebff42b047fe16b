package org.rios.testutil;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rios.applier.Applier;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.progress.SilentProgress;

/**
 * A copy in its own JVM, for tests that start it under another locale: arguments input and output, with any
 * character outside ASCII written as {@code \\uXXXX} (a locale without UTF-8 would garble it on the command
 * line). Prints "finished", or the failure's class and message, on standard output.
 */
public final class EscapedNamesCopyMain {
  private EscapedNamesCopyMain() {}

  /**
   * Runs the copy in a child JVM with this JVM's class path and native library path, {@code jvmOptions} and
   * {@code env} added to its own ({@link ChildJvm}); asserts that it exits with 0 and returns what it printed.
   */
  public static String inChildJvm(List<String> jvmOptions, Map<String, String> env, String in, String out)
      throws Exception {
    ChildJvm.Result r = ChildJvm.run(jvmOptions, env, EscapedNamesCopyMain.class.getName(), in, out);
    assertThat(r.output(), r.exitCode(), is(0));
    return r.output();
  }

  public static void main(String[] args) {
    try {
      Applier.apply((info, in, out) -> out.put("out", in.get("img")),
          new FilenameAssociations().put("img", unescape(args[0])),
          new FilenameAssociations().put("out", unescape(args[1])),
          new ApplierControls().setProgress(new SilentProgress()));
      System.out.println("finished");
    } catch (RuntimeException e) {
      System.out.println(e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** {@code \\u00fc} -> the character. */
  public static String unescape(String s) {
    Matcher m = Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
