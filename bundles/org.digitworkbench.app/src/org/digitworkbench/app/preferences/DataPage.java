package org.digitworkbench.app.preferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.engine.DataDirectory;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * Window › Preferences › Data: the folder the models and datasets live in, and MNIST's folder.
 * <p>
 * The workspace with every other setting lives inside the data folder, so a new one cannot apply while the product
 * runs: it is kept in {@link DataDirectory#settingsFile()} (outside), which the launcher and {@link DataDirectory}
 * read at the next start. MNIST's folder is the dataset's own setting ({@link DatasetProvider#useFolder}), which checks
 * the files; that reads some 55 MB, so it runs as a job after OK, and a refusal is reported.
 */
final class DataPage extends PreferencePage {

	private final DatasetProvider mnist;
	private final Consumer<String> failures;
	private Text dataFolder;
	private Text mnistFolder;
	private String mnistBefore = "";

	/**
	 * @param mnist    the MNIST dataset, or null where it is not installed
	 * @param failures told of a folder the dataset refused (after the dialog closed)
	 */
	DataPage(DatasetProvider mnist, Consumer<String> failures) {
		super("Data");
		this.mnist = mnist;
		this.failures = failures;
		setDescription("Where models, datasets and the engine's native libraries are kept.");
	}

	@Override
	protected Control createContents(Composite parent) {
		Composite area = new Composite(parent, SWT.NONE);
		area.setLayout(new GridLayout());

		Group data = group(area, "Data folder");
		label(data, "Now:");
		wrapped(data, DataDirectory.root() + "\nfrom " + DataDirectory.origin(), 2);
		label(data, "&Next start:");
		dataFolder = folderField(data, "Choose the data folder for the next start");
		dataFolder.setText(DataDirectory.chosen().map(Path::toString).orElse(""));
		dataFolder.setMessage(DataDirectory.standard().toString());
		new Label(data, SWT.NONE);
		wrapped(data, "Applies after restart: the workspace with these settings lives in the data folder. Models saved"
				+ " in the old folder stay there. Empty: the default location, " + DataDirectory.standard() + ".", 2);
		if (DataDirectory.overridden()) {
			new Label(data, SWT.NONE);
			wrapped(data, "The data folder now comes from " + DataDirectory.origin()
					+ ", which wins over this choice while it is set.", 2);
		}

		Group images = group(area, "MNIST");
		label(images, "&Read from:");
		mnistFolder = folderField(images, "Choose a folder that holds MNIST's four files");
		if (mnist == null) {
			mnistFolder.setEnabled(false);
			new Label(images, SWT.NONE);
			wrapped(images, "MNIST is not installed.", 2);
		} else {
			Path standard = DataDirectory.resolve("datasets/mnist");
			Path location = mnist.location().toAbsolutePath().normalize();
			mnistBefore = location.equals(standard) ? "" : location.toString();
			mnistFolder.setText(mnistBefore);
			mnistFolder.setMessage(standard.toString());
			new Label(images, SWT.NONE);
			wrapped(images, "A folder of your own must hold the four original files (.gz or not); they are checked"
					+ " after OK. Empty: " + standard + ", where MNIST is downloaded when a training needs it.", 2);
		}
		dataFolder.addListener(SWT.Modify, e -> check());
		mnistFolder.addListener(SWT.Modify, e -> check());
		check();
		return area;
	}

	private static Group group(Composite parent, String title) {
		Group group = new Group(parent, SWT.NONE);
		group.setText(title);
		group.setLayout(new GridLayout(3, false));
		group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		return group;
	}

	private static void label(Composite parent, String text) {
		Label label = new Label(parent, SWT.NONE);
		label.setText(text);
		label.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
	}

	private static Label wrapped(Composite parent, String text, int span) {
		Label label = new Label(parent, SWT.WRAP);
		label.setText(text);
		GridData data = new GridData(SWT.FILL, SWT.TOP, true, false, span, 1);
		data.widthHint = 330; // wraps instead of widening the dialog
		label.setLayoutData(data);
		return label;
	}

	private Text folderField(Composite parent, String browseTitle) {
		Text text = new Text(parent, SWT.BORDER | SWT.SINGLE);
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 230;
		text.setLayoutData(data);
		Button browse = new Button(parent, SWT.PUSH);
		browse.setText("Browse\u2026");
		browse.addListener(SWT.Selection, e -> {
			DirectoryDialog dialog = new DirectoryDialog(getShell());
			dialog.setText(browseTitle);
			if (!text.getText().isBlank()) {
				dialog.setFilterPath(text.getText().strip());
			}
			String chosen = dialog.open();
			if (chosen != null) {
				text.setText(chosen);
			}
		});
		return text;
	}

	/** Both folders are empty or usable; else the page says which and why, and OK waits. */
	private void check() {
		String problem = problem("data folder", dataFolder.getText(), true);
		if (problem == null && mnist != null) {
			problem = problem("MNIST folder", mnistFolder.getText(), false);
		}
		setErrorMessage(problem);
		setValid(problem == null);
	}

	/** What is wrong with {@code text} as a folder, or null when it is empty or fine. */
	static String problem(String what, String text, boolean writable) {
		if (text.isBlank()) {
			return null;
		}
		Path folder;
		try {
			folder = Path.of(text.strip());
		} catch (InvalidPathException e) {
			return "The " + what + " is no path: " + e.getReason() + ".";
		}
		if (!folder.isAbsolute()) {
			return "The " + what + " must be an absolute path (starting with /).";
		}
		if (!Files.exists(folder)) {
			return "The " + what + " " + folder + " does not exist (Browse\u2026 can create one).";
		}
		if (!Files.isDirectory(folder)) {
			return "The " + what + " " + folder + " is a file, not a folder.";
		}
		if (writable ? !Files.isWritable(folder) : !Files.isReadable(folder)) {
			return "The " + what + " " + folder + " is not " + (writable ? "writable" : "readable") + " for you.";
		}
		return null;
	}

	@Override
	protected void performDefaults() {
		dataFolder.setText("");
		mnistFolder.setText("");
		super.performDefaults();
	}

	@Override
	public boolean performOk() {
		if (dataFolder == null) { // never shown: nothing changed
			return true;
		}
		String next = dataFolder.getText().strip();
		if (!next.equals(DataDirectory.chosen().map(Path::toString).orElse(""))) {
			try {
				DataDirectory.choose(next.isEmpty() ? null : Path.of(next));
			} catch (IOException e) {
				setErrorMessage("The data folder could not be kept in " + DataDirectory.settingsFile() + ": "
						+ e.getMessage());
				return false;
			}
		}
		String images = mnistFolder.getText().strip();
		if (mnist != null && !images.equals(mnistBefore)) {
			mnistBefore = images;
			Path folder = images.isEmpty() ? null : Path.of(images);
			Job check = Job.create("Checking the MNIST folder", (IProgressMonitor monitor) -> {
				try {
					mnist.useFolder(folder);
				} catch (IOException | RuntimeException e) {
					failures.accept("MNIST's folder is unchanged: " + e.getMessage());
				}
				return Status.OK_STATUS; // the refusal is reported as the user's mistake, not as a failed job
			});
			check.schedule();
		}
		return true;
	}
}
