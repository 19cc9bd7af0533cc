import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, type FormInstance, Modal } from "antd";
import type { ReactNode } from "react";
import { errorMessage } from "./api.js";
import { t } from "./messages.js";

interface SaveState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

/** A save that, once it succeeds, says `success`, refetches the `invalidate` queries and calls `onSaved`. */
export function useSave<V, R>(
  mutationFn: (values: V) => Promise<R>,
  { success, invalidate, onSaved }: { success: string; invalidate: QueryKey; onSaved: () => void },
) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void message.success(success);
      void qc.invalidateQueries({ queryKey: invalidate });
      onSaved();
    },
  });
}

/** Why the save failed, shown above its form. */
export function SaveError({ save }: { save: SaveState }) {
  if (!save.isError) return null;
  return <Alert type="error" showIcon className="form-alert" message={errorMessage(save.error)} />;
}

/** A dialog around one form: OK submits the form (its onFinish saves), cancel closes without saving. */
export function FormModal({
  open = true,
  title,
  okText = t.common.save,
  form,
  save,
  onClose,
  children,
}: {
  open?: boolean;
  title: ReactNode;
  okText?: string;
  form: FormInstance;
  save: SaveState;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      cancelText={t.common.cancel}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <SaveError save={save} />
      {children}
    </Modal>
  );
}
