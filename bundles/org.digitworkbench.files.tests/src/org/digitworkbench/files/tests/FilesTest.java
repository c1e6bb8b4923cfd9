package org.digitworkbench.files.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.files.AtomicFolder;
import org.digitworkbench.files.FileTrees;
import org.digitworkbench.files.Sha256;
import org.digitworkbench.files.TooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic folders and files, tree deletion and checksums, on a real file system. */
class FilesTest {

	@TempDir
	Path temp;

	private List<String> names(Path folder) throws IOException {
		try (Stream<Path> all = Files.list(folder)) {
			return all.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void aCommittedFolderAppearsWholeUnderItsName() throws IOException {
		Path target = temp.resolve("model");
		try (AtomicFolder folder = AtomicFolder.in(temp.resolve("models"))) {
			assertTrue(AtomicFolder.isTemporary(folder.path()), folder.path().toString());
			Files.writeString(folder.resolve("a.txt"), "a");
			Files.createDirectories(folder.resolve("sub"));
			Files.writeString(folder.resolve("sub/b.txt"), "b");
			assertFalse(Files.exists(target));
			folder.commit(temp.resolve("models/model"));
		}
		assertEquals(List.of("model"), names(temp.resolve("models")), "nothing but the committed folder");
		assertEquals("b", Files.readString(temp.resolve("models/model/sub/b.txt")));
	}

	@Test
	void anUncommittedFolderLeavesNothingBehind() throws IOException {
		Path models = Files.createDirectories(temp.resolve("models"));
		IOException failure = assertThrows(IOException.class, () -> {
			try (AtomicFolder folder = AtomicFolder.in(models)) {
				Files.writeString(folder.resolve("half.bin"), "half");
				throw new IOException("No space left on device");
			}
		});
		assertEquals("No space left on device", failure.getMessage());
		assertEquals(List.of(), names(models));
	}

	@Test
	void aCommitNeverReplacesAnExistingFolder() throws IOException {
		Path models = Files.createDirectories(temp.resolve("models"));
		Path taken = Files.createDirectories(models.resolve("taken"));
		Files.writeString(taken.resolve("keep.txt"), "keep");
		Path empty = Files.createDirectories(models.resolve("empty"));
		try (AtomicFolder folder = AtomicFolder.in(models)) {
			Files.writeString(folder.resolve("new.txt"), "new");
			assertThrows(FileAlreadyExistsException.class, () -> folder.commit(taken));
			assertThrows(FileAlreadyExistsException.class, () -> folder.commit(empty), "not even an empty one");
			assertTrue(Files.isRegularFile(folder.resolve("new.txt")), "the temporary folder is unchanged");
		}
		assertEquals("keep", Files.readString(taken.resolve("keep.txt")));
		assertEquals(List.of("empty", "taken"), names(models));
	}

	@Test
	void anAtomicFileReplacesItsTargetWholeOrNotAtAll() throws IOException {
		Path file = temp.resolve("active");
		AtomicFile.writeString(file, "first");
		AtomicFile.writeString(file, "second");
		assertEquals("second", Files.readString(file));
		assertThrows(UncheckedIOException.class, () -> AtomicFile.write(file, out -> {
			out.write("third, half".getBytes(StandardCharsets.UTF_8));
			throw new UncheckedIOException(new IOException("disk full"));
		}));
		assertEquals("second", Files.readString(file), "a failed write keeps the old content");
		assertEquals(List.of("active"), names(temp), "and leaves no temporary file");
		Path sibling = AtomicFile.temporarySibling(file);
		assertEquals(temp, sibling.getParent());
		assertTrue(sibling.getFileName().toString().startsWith(".active.")
				&& sibling.getFileName().toString().endsWith(AtomicFile.TEMPORARY_SUFFIX), sibling.toString());
	}

	@Test
	void treesAreDeletedWithoutFollowingLinks() throws IOException {
		Path outside = Files.createDirectories(temp.resolve("outside"));
		Files.writeString(outside.resolve("precious.txt"), "keep");
		Path tree = Files.createDirectories(temp.resolve("tree/a/b"));
		Files.writeString(tree.resolve("c.txt"), "c");
		Files.createSymbolicLink(temp.resolve("tree/link"), outside);
		FileTrees.delete(temp.resolve("tree"));
		assertFalse(Files.exists(temp.resolve("tree")));
		assertEquals("keep", Files.readString(outside.resolve("precious.txt")), "a link's target survives");
		FileTrees.delete(temp.resolve("absent")); // nothing to do
		assertTrue(FileTrees.deleteQuietly(temp.resolve("absent")));

		Path model = Files.createDirectories(temp.resolve("models/gone"));
		Files.writeString(model.resolve("parameters.bin"), "x");
		FileTrees.deleteAtomically(model);
		assertEquals(List.of(), names(temp.resolve("models")));
	}

	@Test
	void checksumsAreSha256InHex() throws IOException {
		// FIPS 180-2's test vector
		String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
		Path file = temp.resolve("abc");
		Files.writeString(file, "abc");
		assertEquals(abc, Sha256.of(file));
		assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
				Sha256.of(new ByteArrayInputStream(new byte[0])));
		ByteArrayOutputStream copy = new ByteArrayOutputStream();
		assertEquals(abc, Sha256.copy(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), copy, 3));
		assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), copy.toByteArray());
	}

	@Test
	void aBoundedCopyStopsAtItsLimit() throws IOException {
		byte[] big = new byte[200_000];
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		TooLargeException e = assertThrows(TooLargeException.class,
				() -> Sha256.copy(new ByteArrayInputStream(big), out, 100_000));
		assertEquals(100_000, e.limit());
		assertEquals("more than 100000 bytes", e.getMessage());
		assertTrue(out.size() <= 100_000, "no more than the limit was written: " + out.size());
		assertEquals(Sha256.of(new ByteArrayInputStream(big)),
				Sha256.copy(new ByteArrayInputStream(big), OutputStream.nullOutputStream(), big.length),
				"exactly the limit is fine");
	}
}
