package org.digitworkbench.drawings.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.preprocess.ImageFiles;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipelines;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;

/**
 * The user's handwriting samples, both as the store the canvas saves into and as a dataset, each sample prepared by
 * the MNIST-style pipeline as the canvas prepares drawings. The training split is what a fine-tune learns from, the
 * test split the samples held back ({@link HandwritingSamples#isHeldBack}). A few dozen drawings are too few to
 * measure a normalisation on, so it keeps the default (MNIST's); a model is fed with its own figures anyway.
 */
@Component(service = { HandwritingSamples.class, DatasetProvider.class },
		property = "dataset.id=" + HandwritingSamples.DATASET_ID)
public class HandwritingProvider implements HandwritingSamples, DatasetProvider {

	private static final List<String> CLASSES = IntStream.range(0, 10).mapToObj(String::valueOf).toList();
	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);

	@Override
	public Path folder() {
		return DataDirectory.resolve("datasets/" + DATASET_ID);
	}

	@Override
	public synchronized Path save(InkImage drawing, int digit) throws IOException {
		if (digit < 0 || digit > 9) {
			throw new IllegalArgumentException("a sample is of a digit 0–9, not " + digit);
		}
		if (Pipelines.MNIST.apply(drawing).isEmpty()) {
			throw new IllegalArgumentException("the drawing is blank: nothing to keep");
		}
		Path dir = folder().resolve(Integer.toString(digit));
		Files.createDirectories(dir);
		// named by the time, a millisecond later while taken: the names sort in the order the samples were kept,
		// which decides the ones held back for testing
		LocalDateTime now = LocalDateTime.now();
		Path file = dir.resolve(now.format(STAMP) + ".png");
		for (int n = 1; Files.exists(file); n++) {
			file = dir.resolve(now.plusNanos(n * 1_000_000L).format(STAMP) + ".png");
		}
		ImageFiles.writePng(drawing, file);
		return file;
	}

	@Override
	public int[] counts() {
		int[] counts = new int[10];
		for (int digit = 0; digit < 10; digit++) {
			counts[digit] = files(digit).size();
		}
		return counts;
	}

	private List<Path> files(int digit) {
		Path dir = folder().resolve(Integer.toString(digit));
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> f.getFileName().toString().endsWith(".png") && !f.getFileName().toString().startsWith("."))
					.sorted().toList();
		} catch (IOException e) {
			return List.of();
		}
	}

	@Override
	public String id() {
		return DATASET_ID;
	}

	@Override
	public String displayName() {
		return "My handwriting (samples saved from the canvas)";
	}

	@Override
	public List<String> classNames() {
		return CLASSES;
	}

	@Override
	public int imageRows() {
		return ModelInput.SIZE;
	}

	@Override
	public int imageColumns() {
		return ModelInput.SIZE;
	}

	@Override
	public Path location() {
		return folder();
	}

	@Override
	public boolean isAvailable() {
		return IntStream.of(counts()).sum() > 0;
	}

	@Override
	public void fetch(IProgressMonitor monitor) throws IOException {
		if (!isAvailable()) {
			throw new IOException("There are no handwriting samples in " + folder()
					+ " yet: draw digits on the canvas and use \"Save as sample\"");
		}
	}

	@Override
	public ImageSet load(Split split, IProgressMonitor monitor) throws IOException {
		List<Path> files = new ArrayList<>();
		List<Integer> digits = new ArrayList<>();
		for (int digit = 0; digit < 10; digit++) {
			List<Path> kept = files(digit);
			for (int i = 0; i < kept.size(); i++) {
				if (HandwritingSamples.isHeldBack(i) == (split == Split.TEST)) {
					files.add(kept.get(i));
					digits.add(digit);
				}
			}
		}
		if (files.isEmpty()) {
			fetch(monitor);
			if (split == Split.TRAIN) {
				throw new IOException("There are no handwriting samples to train on in " + folder());
			}
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Reading handwriting samples", files.size());
		int size = ModelInput.SIZE * ModelInput.SIZE;
		byte[] pixels = new byte[files.size() * size];
		byte[] labels = new byte[files.size()];
		for (int i = 0; i < files.size(); i++) {
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			Path file = files.get(i);
			ModelInput input = Pipelines.MNIST.apply(ImageFiles.read(file))
					.orElseThrow(() -> new IOException(file + ": the sample is blank"));
			for (int k = 0; k < size; k++) {
				pixels[i * size + k] = (byte) Math.round(255 * Math.max(0, Math.min(1, input.pixels()[k])));
			}
			labels[i] = (byte) (int) digits.get(i);
			progress.worked(1);
		}
		return new ImageSet(DATASET_ID, split, ModelInput.SIZE, ModelInput.SIZE, pixels, labels, CLASSES);
	}
}
