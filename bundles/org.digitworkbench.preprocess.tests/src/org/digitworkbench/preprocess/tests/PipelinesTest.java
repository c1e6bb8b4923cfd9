package org.digitworkbench.preprocess.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.digitworkbench.preprocess.ImageFiles;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinesTest {

	@TempDir
	Path temp;

	/** A 280×280 canvas with a filled rectangle of ink. */
	static InkImage rectangle(int x0, int y0, int w, int h) {
		float[] ink = new float[280 * 280];
		for (int y = y0; y < y0 + h; y++) {
			for (int x = x0; x < x0 + w; x++) {
				ink[y * 280 + x] = 1;
			}
		}
		return new InkImage(280, 280, ink);
	}

	@Test
	void aBlankCanvasIsNoDigit() {
		assertTrue(Pipelines.MNIST.apply(new InkImage(280, 280, new float[280 * 280])).isEmpty());
		assertTrue(Pipelines.SIMPLE.apply(new InkImage(280, 280, new float[280 * 280])).isEmpty());
		assertTrue(Pipelines.MNIST.apply(rectangle(10, 10, 1, 1)).isEmpty(), "a stray dot is not a digit");
	}

	@Test
	void aSmallOffCentreStrokeIsFittedInto20PixelsAndCentred() {
		ModelInput input = Pipelines.MNIST.apply(rectangle(20, 30, 12, 48)).orElseThrow(); // tall bar top left
		int top = 28;
		int bottom = -1;
		double mass = 0;
		double cx = 0;
		double cy = 0;
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				float v = input.pixels()[y * 28 + x];
				if (v > 0.5f) {
					top = Math.min(top, y);
					bottom = Math.max(bottom, y);
				}
				mass += v;
				cx += v * (x + 0.5);
				cy += v * (y + 0.5);
			}
		}
		assertEquals(20, bottom - top + 1, "the longer side becomes 20 px");
		assertEquals(14, cx / mass, 0.6);
		assertEquals(14, cy / mass, 0.6);
		assertEquals((input.pixels()[0] - ModelInput.MEAN) / ModelInput.STD, input.normalized()[0], 1e-6);
	}

	@Test
	void thePlainPipelineKeepsTheDrawingWhereItWas() {
		ModelInput simple = Pipelines.SIMPLE.apply(rectangle(20, 30, 12, 48)).orElseThrow();
		ModelInput mnist = Pipelines.MNIST.apply(rectangle(20, 30, 12, 48)).orElseThrow();
		assertTrue(simple.pixels()[4 * 28 + 2] > 0.3f, "still top left and tiny");
		assertEquals(0f, mnist.pixels()[4 * 28 + 2], "MNIST-style moved it to the middle");
	}

	@Test
	void darkOnLightAndLightOnDarkFilesGiveTheSameInk() throws IOException {
		Path dark = write("dark.png", false);
		Path light = write("light.png", true);
		assertArrayEquals(ImageFiles.read(dark).ink(), ImageFiles.read(light).ink(), 1e-6f);
		Path notAnImage = temp.resolve("notes.png");
		Files.writeString(notAnImage, "hello");
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(notAnImage));
		assertTrue(e.getMessage().contains("notes.png"), e.getMessage());
	}

	private Path write(String name, boolean inverted) throws IOException {
		BufferedImage image = new BufferedImage(60, 60, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < 60; y++) {
			for (int x = 0; x < 60; x++) {
				boolean ink = x > 25 && x < 35 && y > 10 && y < 50;
				image.getRaster().setSample(x, y, 0, ink != inverted ? 0 : 255);
			}
		}
		Path file = temp.resolve(name);
		ImageIO.write(image, "png", file.toFile());
		return file;
	}

	@Test
	void theMnistStepsEndInWhatTheModelGets() {
		InkImage bar = rectangle(100, 40, 30, 200); // 30 × 200 px of ink on a 280² canvas
		var steps = Pipelines.mnistSteps(bar);
		assertEquals(java.util.List.of("Ink", "Cropped to the ink", "Fitted in 20 px", "Centred by mass in 28\u00d728"),
				steps.stream().map(Pipelines.Step::name).toList());
		assertEquals(280, steps.get(0).width());
		assertEquals(30, steps.get(1).width());
		assertEquals(200, steps.get(1).height());
		assertEquals(3, steps.get(2).width(), "the longer side fitted in 20 px: 30 × 0.1");
		assertEquals(20, steps.get(2).height());
		assertArrayEquals(Pipelines.MNIST.apply(bar).orElseThrow().pixels(), steps.get(3).ink());
		assertTrue(Pipelines.mnistSteps(new InkImage(280, 280, new float[280 * 280])).isEmpty(), "blank: no steps");
	}
}
