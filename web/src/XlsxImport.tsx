import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Space, Upload } from "antd";
import { type ReactNode, useState } from "react";
import { errorMessage } from "./api.js";

/**
 * An .xlsx import in two steps: choosing a file previews it (a dry run), applying sends the same file again
 * with the preview it answers to. The caller says how to preview and apply and shows the preview.
 */
export function useXlsxImport<P, A>({
  preview,
  apply,
  onApplied,
}: {
  preview: (file: File) => Promise<P>;
  apply: (file: File, preview: P) => Promise<A>;
  onApplied: (applied: A) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const previewing = useMutation({ mutationFn: preview });
  const applying = useMutation({
    mutationFn: () => {
      if (!file || !previewing.data) throw new Error("no preview");
      return apply(file, previewing.data);
    },
    onSuccess: onApplied,
  });
  return {
    file,
    result: previewing.data,
    previewing,
    applying,
    choose: (f: File) => {
      setFile(f);
      applying.reset();
      previewing.mutate(f);
    },
    clear: () => {
      setFile(null);
      previewing.reset();
    },
  };
}

export type XlsxImporter<P, A> = ReturnType<typeof useXlsxImport<P, A>>;

/** The import's body: hint, file picker, the chosen file's name, a failed preview or apply, then the preview. */
export function XlsxImportPanel<P, A>({
  importer,
  hint,
  chooseLabel,
  previewingLabel,
  size,
  children,
}: {
  importer: XlsxImporter<P, A>;
  hint: ReactNode;
  chooseLabel: string;
  previewingLabel: string;
  size?: "small" | "middle";
  /** Returns a fragment to give each part its own row in the panel. */
  children: (preview: P) => ReactNode;
}) {
  const { file, result, previewing, applying } = importer;
  return (
    <Space direction="vertical" size={size} className="page">
      {hint}
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          importer.choose(f);
          // The file goes up through the import API, not Upload's own request.
          return false;
        }}
      >
        <Button loading={previewing.isPending}>{previewing.isPending ? previewingLabel : chooseLabel}</Button>
      </Upload>
      {file && <span data-testid="import-file">{file.name}</span>}
      {(previewing.isError || applying.isError) && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errorMessage(previewing.error ?? applying.error)}
        />
      )}
      {result !== undefined && children(result)}
    </Space>
  );
}
