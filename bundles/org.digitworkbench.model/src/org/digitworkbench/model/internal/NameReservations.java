package org.digitworkbench.model.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.digitworkbench.files.Owner;
import org.digitworkbench.model.ModelStoreException;

/**
 * Model names held for trainings, across processes: one file {@code .reserved-<name in lower case>} per name in the
 * store's folder, created exclusively (two processes cannot both create it), holding its {@link Owner}'s token and the
 * name. A file whose owner is dead is stale and taken over or swept; lower case makes {@code Base} and {@code base}
 * one reservation, as they are one folder on a file system that ignores case.
 */
final class NameReservations {

	static final String PREFIX = ".reserved-";
	/** A reservation file is written right after it is created; an empty one younger than this is being written. */
	private static final Duration BEING_WRITTEN = Duration.ofSeconds(10);

	private final Path directory;

	NameReservations(Path directory) {
		this.directory = directory;
	}

	/** The reservation file of {@code name}. */
	Path file(String name) {
		return directory.resolve(PREFIX + name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Creates the reservation of {@code name} for this process, taking over a stale one.
	 *
	 * @throws ModelStoreException naming who holds it when a live process does
	 */
	Path create(String name) throws ModelStoreException {
		Path file = file(name);
		for (int attempt = 0; attempt < 2; attempt++) {
			try {
				Files.createDirectories(directory);
				Files.write(file, (Owner.current().token() + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8),
						StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
				return file;
			} catch (FileAlreadyExistsException e) {
				Optional<String> holder = holder(name);
				if (holder.isPresent()) {
					throw new ModelStoreException(holder.get());
				}
				deleteQuietly(file); // stale: its owner is dead
			} catch (IOException e) {
				throw new ModelStoreException("cannot reserve the name '" + name + "' in " + directory + ": "
						+ e.getMessage(), e);
			}
		}
		throw new ModelStoreException("cannot reserve the name '" + name + "' in " + directory
				+ ": another process keeps taking it");
	}

	/**
	 * Empty when nobody alive holds {@code name} (or one differing in case), else a line saying who does, e.g.
	 * {@code a training of 'x' is running (process 1234); choose another name}.
	 */
	Optional<String> holder(String name) {
		Path file = file(name);
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		} catch (NoSuchFileException e) {
			return Optional.empty();
		} catch (IOException e) {
			lines = List.of();
		}
		Optional<Owner> owner = lines.isEmpty() ? Optional.empty() : Owner.parse(lines.get(0));
		String held = lines.size() > 1 ? lines.get(1) : name;
		if (owner.isPresent()) {
			if (!owner.get().isAlive()) {
				return Optional.empty();
			}
			String where = owner.get().equals(Owner.current()) ? "in this process"
					: "in process " + owner.get().pid();
			return Optional.of("a training of '" + held + "' is running " + where
					+ "; its name is taken until it ends (choose another name)");
		}
		if (youngerThan(file, BEING_WRITTEN)) {
			return Optional.of("a training of '" + held + "' is starting; its name is taken (choose another name)");
		}
		return Optional.empty(); // unreadable and old: left by a process killed while it wrote the file
	}

	/** Whether the reservation file of {@code name} still names this process (it was not taken over). */
	boolean isOurs(Path file) {
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			return !lines.isEmpty() && Owner.parse(lines.get(0)).filter(Owner.current()::equals).isPresent();
		} catch (IOException e) {
			return false;
		}
	}

	void release(Path file) {
		if (isOurs(file)) {
			deleteQuietly(file);
		}
	}

	/** Deletes the reservation files of dead processes. */
	int sweep() {
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		int swept = 0;
		try (Stream<Path> all = Files.list(directory)) {
			for (Path file : all.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
				String name = file.getFileName().toString().substring(PREFIX.length());
				if (holder(name).isEmpty() && deleteQuietly(file)) {
					swept++;
				}
			}
		} catch (IOException e) {
			// tried again at the next start
		}
		return swept;
	}

	private static boolean youngerThan(Path file, Duration age) {
		try {
			return Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(age));
		} catch (IOException e) {
			return false;
		}
	}

	private static boolean deleteQuietly(Path file) {
		try {
			return Files.deleteIfExists(file);
		} catch (IOException e) {
			return false;
		}
	}
}
