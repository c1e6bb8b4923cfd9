package org.digitworkbench.model.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.digitworkbench.files.FileTrees;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.NameReservation;

import ai.djl.Model;

/** A name this process holds ({@link NameReservations}); saving through it is the one save the name allows. */
final class HeldName implements NameReservation {

	/** The store's save, told which reservation it saves under. */
	@FunctionalInterface
	interface Saver {
		ModelMetadata save(ModelMetadata metadata, Model model, HeldName reservation) throws ModelStoreException;
	}

	private final String name;
	private final Path file;
	private final NameReservations reservations;
	private final Saver saver;
	private final Path stagedEpochs;
	private volatile boolean open = true;

	HeldName(String name, Path file, NameReservations reservations, Saver saver, Path stagedEpochs) {
		this.name = name;
		this.file = file;
		this.reservations = reservations;
		this.saver = saver;
		this.stagedEpochs = stagedEpochs;
	}

	@Override
	public void keepEpoch(EpochSnapshot metrics, Model model) throws ModelStoreException {
		requireOpen();
		try {
			EpochFiles.write(stagedEpochs, metrics, model.getBlock());
		} catch (IOException e) {
			throw new ModelStoreException("could not keep epoch " + metrics.epoch() + " of '" + name + "' in "
					+ stagedEpochs + ": " + e.getMessage(), e);
		}
	}

	@Override
	public void discardEpochs() throws ModelStoreException {
		requireOpen();
		try {
			FileTrees.deleteAtomically(stagedEpochs);
		} catch (java.nio.file.NoSuchFileException e) {
			// none kept
		} catch (IOException e) {
			throw new ModelStoreException("could not remove the epochs kept for '" + name + "' in " + stagedEpochs
					+ ": " + e.getMessage(), e);
		}
	}

	private void requireOpen() throws ModelStoreException {
		if (!open) {
			throw new ModelStoreException("the reservation of '" + name + "' was given up");
		}
	}

	@Override
	public String name() {
		return name;
	}

	/** Whether this reservation, still held, is the one of {@code other} (case aside). */
	boolean holds(String other) {
		return open && ModelNames.sameFolder(name, other) && reservations.isOurs(file);
	}

	@Override
	public ModelMetadata save(ModelMetadata metadata, Model model) throws ModelStoreException {
		if (!open) {
			throw new ModelStoreException("the reservation of '" + name + "' was given up; the model was not saved");
		}
		if (!name.equals(metadata.name())) {
			throw new ModelStoreException("'" + metadata.name() + "' is not the reserved name '" + name + "'");
		}
		return saver.save(metadata, model, this);
	}

	@Override
	public void close() {
		if (open) {
			open = false;
			reservations.release(file);
		}
	}

	@Override
	public String toString() {
		return "reservation of '" + name + "'";
	}
}
