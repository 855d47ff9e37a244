/**
 * The kit's file fields (src/ui/file-field.tsx) with JavaScript: the native input is hidden but
 * stays focusable (its "Choisir un fichier" label shows the focus), a live text says which file is
 * chosen in French instead of the browser's own words, and a file can be dropped onto the field.
 * Without this script the label still opens the chooser and the browser shows the chosen name.
 */
const NO_FILE = "Aucun fichier choisi";

/** Input files hold a FileList, which only a DataTransfer can build. */
function setFile(input: HTMLInputElement, file: File) {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

export function enhanceFileFields(root: ParentNode = document): void {
  for (const field of root.querySelectorAll<HTMLElement>("[data-file-field]")) {
    if (field.classList.contains("file-field--enhanced")) continue;
    const input = field.querySelector<HTMLInputElement>('input[type="file"]');
    const status = field.querySelector<HTMLElement>("[data-file-status]");
    const zone = field.querySelector<HTMLElement>("[data-file-drop]");
    if (!input || !status || !zone) continue;

    const render = () => {
      const file = input.files?.[0];
      status.textContent = file ? `Fichier choisi : ${file.name}` : NO_FILE;
    };
    input.addEventListener("change", render);
    // A page restored from the back-forward cache keeps the chosen file.
    window.addEventListener("pageshow", render);
    render();

    const drop = document.createElement("span");
    drop.className = "file-field__drop";
    drop.setAttribute("aria-hidden", "true");
    drop.textContent = "ou glissez-le ici";
    zone.append(drop);

    // dragenter and dragleave fire for every child crossed: count them to know when the file leaves.
    let depth = 0;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
    zone.addEventListener("dragenter", (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth += 1;
      field.classList.add("file-field--dragover");
    });
    zone.addEventListener("dragover", (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    });
    zone.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) field.classList.remove("file-field--dragover");
    });
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      depth = 0;
      field.classList.remove("file-field--dragover");
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      setFile(input, file);
      input.focus();
    });

    field.classList.add("file-field--enhanced");
  }
}
