package org.digitworkbench.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What killed processes leave behind, and its removal. {@link AtomicFolder}, {@link AtomicFile} and
 * {@link FileTrees#deleteAtomically} name everything they have in flight after its {@link Owner}: a process killed
 * with {@code kill -9} leaves at most hidden entries of these forms, which the next writer in the same folder (and the
 * model store when it starts) sweeps:
 * <ul>
 * <li>{@code .tmp-<owner>-<uuid>/}: a folder being written; deleted once its owner is dead;</li>
 * <li>{@code .<name>.<owner>-<uuid>.tmp}: a file being written; deleted once its owner is dead;</li>
 * <li>{@code .deleted-<uuid>/}: a folder being deleted; deleted;</li>
 * <li>{@code .replaced-<owner>-<uuid>-<name>/}: the previous {@code <name>} while
 * {@link AtomicFolder#commitReplacing} puts a new one in its place; once its owner is dead it is deleted when
 * {@code <name>} exists, else renamed back to {@code <name>} (the owner died before the new one was in place).</li>
 * </ul>
 * Only names of exactly these forms are touched (the random part is a UUID), so sweeping a folder of the user's, where
 * an export was written, removes nothing of theirs.
 *
 * @since 0.1.1
 */
public final class Litter {

	private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
	private static final String OWNER = "(\\d{1,10}-\\d{1,15})";
	static final Pattern TEMPORARY_FOLDER = Pattern.compile(Pattern.quote(AtomicFolder.TEMPORARY_PREFIX) + OWNER + "-"
			+ UUID);
	static final Pattern TEMPORARY_FILE = Pattern.compile("\\..+\\." + OWNER + "-" + UUID
			+ Pattern.quote(AtomicFile.TEMPORARY_SUFFIX));
	static final Pattern DELETED = Pattern.compile(Pattern.quote(FileTrees.DELETED_PREFIX) + UUID);
	static final Pattern REPLACED = Pattern.compile(Pattern.quote(AtomicFolder.REPLACED_PREFIX) + OWNER + "-" + UUID
			+ "-(.+)");
	/** Folders named as earlier versions named them ({@code .tmp-<uuid>}), without an owner: kept while this young. */
	private static final Pattern OWNERLESS_FOLDER = Pattern.compile(Pattern.quote(AtomicFolder.TEMPORARY_PREFIX) + UUID);
	private static final Duration OWNERLESS_GRACE = Duration.ofMinutes(10);

	private Litter() {
	}

	/**
	 * Removes the leftovers of dead processes directly in {@code folder} (not below it), and puts back folders that a
	 * killed {@link AtomicFolder#commitReplacing} had moved aside. Never fails: what cannot be removed now is tried
	 * again next time.
	 *
	 * @return how many entries were removed or put back
	 */
	public static int sweep(Path folder) {
		if (folder == null || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			return 0;
		}
		List<Path> entries;
		try (Stream<Path> all = Files.list(folder)) {
			entries = all.filter(p -> p.getFileName().toString().startsWith(".")).toList();
		} catch (IOException e) {
			return 0;
		}
		int swept = 0;
		for (Path entry : entries) {
			if (sweepOne(entry)) {
				swept++;
			}
		}
		return swept;
	}

	/** Whether {@code path}'s name is one of the forms above (something in flight or left behind). */
	public static boolean isLitter(Path path) {
		String name = path.getFileName() == null ? "" : path.getFileName().toString();
		return TEMPORARY_FOLDER.matcher(name).matches() || TEMPORARY_FILE.matcher(name).matches()
				|| DELETED.matcher(name).matches() || REPLACED.matcher(name).matches()
				|| OWNERLESS_FOLDER.matcher(name).matches();
	}

	private static boolean sweepOne(Path entry) {
		String name = entry.getFileName().toString();
		if (DELETED.matcher(name).matches()) {
			return FileTrees.deleteQuietly(entry);
		}
		Matcher folder = TEMPORARY_FOLDER.matcher(name);
		if (folder.matches()) {
			return isDead(folder.group(1)) && FileTrees.deleteQuietly(entry);
		}
		Matcher file = TEMPORARY_FILE.matcher(name);
		if (file.matches()) {
			return isDead(file.group(1)) && FileTrees.deleteQuietly(entry);
		}
		Matcher replaced = REPLACED.matcher(name);
		if (replaced.matches()) {
			return isDead(replaced.group(1)) && putBack(entry, entry.resolveSibling(replaced.group(2)));
		}
		if (OWNERLESS_FOLDER.matcher(name).matches()) {
			return olderThan(entry, OWNERLESS_GRACE) && FileTrees.deleteQuietly(entry);
		}
		return false;
	}

	private static boolean isDead(String token) {
		Optional<Owner> owner = Owner.parse(token);
		return owner.isPresent() && !owner.get().isAlive();
	}

	/** The old folder back under its name when no new one took it, else deleted. */
	private static boolean putBack(Path old, Path name) {
		if (!Files.exists(name, LinkOption.NOFOLLOW_LINKS)) {
			try {
				Files.move(old, name, StandardCopyOption.ATOMIC_MOVE);
				return true;
			} catch (IOException e) {
				if (!Files.exists(name, LinkOption.NOFOLLOW_LINKS)) {
					return false; // try again next time
				}
			}
		}
		return FileTrees.deleteQuietly(old);
	}

	private static boolean olderThan(Path entry, Duration age) {
		try {
			Instant modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
			return modified.isBefore(Instant.now().minus(age));
		} catch (IOException e) {
			return false;
		}
	}
}
