package io.dataexport.worker.archive.verify;

import io.dataexport.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * The operator's {@code verify} command: checks an export archive against its manifest and, given
 * the SHA-256 that {@code enterprise.export.detail} returned ({@code file_sha256}), the whole file
 * against it too. Prints every difference; exits 0 when there is none, 1 when there is, 2 on bad
 * usage.
 *
 * <pre>
 * java -cp export-worker-…-exec.jar -Dloader.main=io.dataexport.worker.archive.verify.VerifyArchive \
 *   org.springframework.boot.loader.launch.PropertiesLauncher export.zip [--sha256 HEX]</pre>
 */
public final class VerifyArchive {

  private VerifyArchive() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (!(args.size() == 1 || (args.size() == 3 && args.get(1).equals("--sha256")))) {
      err.println("usage: VerifyArchive <archive.zip> [--sha256 <file_sha256 from export.detail>]");
      return 2;
    }
    Path archive = Path.of(args.get(0));
    if (!Files.isRegularFile(archive)) {
      err.println(archive + ": no such file");
      return 2;
    }
    try {
      int differences = 0;
      if (args.size() == 3) {
        String stated = args.get(2).toLowerCase(Locale.ROOT);
        String actual = sha256(archive);
        if (!actual.equals(stated)) {
          out.println(archive + ": SHA-256 " + actual + ", expected " + stated);
          differences++;
        }
      }
      ArchiveVerifier.Report report = ArchiveVerifier.verify(archive);
      report.differences().forEach(out::println);
      differences += report.differences().size();
      if (differences == 0) {
        out.println(
            "OK: "
                + report.entriesChecked()
                + " entries match the manifest"
                + (args.size() == 3 ? ", and the archive its SHA-256" : ""));
        return 0;
      }
      out.println("DIFFERS: " + differences + " difference(s)");
      return 1;
    } catch (IOException e) {
      out.println(archive + ": not a readable ZIP (" + e.getMessage() + ")");
      return 1;
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return Sha256.hex(digest);
  }
}
