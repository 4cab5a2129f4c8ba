/**
 * A GET form's action that leaves out the fields left empty, so the URL says only the filters
 * chosen (`?industry=金融`, not `?industry=&region=&seats=`). Without JavaScript the empty fields
 * go too, and the server reads them as "no filter".
 */
export function omitEmpty(form: HTMLFormElement) {
  const drop = (e: FormDataEvent) => {
    for (const key of new Set(e.formData.keys()))
      if (e.formData.getAll(key).every((v) => v === '')) e.formData.delete(key);
  };
  form.addEventListener('formdata', drop);
  return { destroy: () => form.removeEventListener('formdata', drop) };
}
