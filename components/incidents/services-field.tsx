import { Field, Input } from "@/components/ui/field";

/** The incident's affected services, typed comma-separated; read back with `servicesOf`. */
export function ServicesField({ defaultValue, errors }: { defaultValue: string[]; errors?: string[] }) {
  return (
    <Field label="Affected services" hint="Comma-separated." errors={errors}>
      {(p) => <Input name="services" defaultValue={defaultValue.join(", ")} {...p} />}
    </Field>
  );
}

export function servicesOf(form: FormData): string[] {
  return String(form.get("services") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
