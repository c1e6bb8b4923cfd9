package org.digitworkbench.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 checksums as lower-case hex, of files and of streams on their way somewhere. */
public final class Sha256 {

	private static final int BUFFER = 1 << 16;

	private Sha256() {
	}

	/** The checksum of {@code file}'s bytes. */
	public static String of(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return of(in);
		}
	}

	/** The checksum of what {@code in} holds up to its end (which it reads; it stays open). */
	public static String of(InputStream in) throws IOException {
		return copy(in, OutputStream.nullOutputStream(), Long.MAX_VALUE);
	}

	/**
	 * Copies {@code in} to its end into {@code out} and returns the checksum of the bytes copied. Reads at most
	 * {@code maxBytes + 1} bytes: input longer than {@code maxBytes} stops the copy (write to a temporary place).
	 *
	 * @throws TooLargeException when {@code in} holds more than {@code maxBytes}
	 */
	public static String copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
		if (maxBytes < 0) {
			throw new IllegalArgumentException("a limit of " + maxBytes + " bytes");
		}
		MessageDigest digest = newDigest();
		byte[] buffer = new byte[BUFFER];
		long copied = 0;
		while (true) {
			long allowed = maxBytes - copied; // one byte more than allowed is enough to know
			int n = in.read(buffer, 0, allowed >= buffer.length ? buffer.length : (int) allowed + 1);
			if (n < 0) {
				break;
			}
			copied += n;
			if (copied > maxBytes) {
				throw new TooLargeException(maxBytes);
			}
			out.write(buffer, 0, n);
			digest.update(buffer, 0, n);
		}
		return hex(digest.digest());
	}

	/** A new SHA-256 digest (every Java runtime has one). */
	public static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("this Java runtime has no SHA-256", e);
		}
	}

	/** {@code digest} as lower-case hex. */
	public static String hex(byte[] digest) {
		return HexFormat.of().formatHex(digest);
	}
}
