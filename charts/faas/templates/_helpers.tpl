{{/* The release-scoped name prefix, at most 63 characters. */}}
{{- define "faas.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "faas.controller.name" -}}{{ include "faas.fullname" . | trunc 52 | trimSuffix "-" }}-controller{{- end -}}
{{- define "faas.router.name" -}}{{ include "faas.fullname" . | trunc 56 | trimSuffix "-" }}-router{{- end -}}

{{/* Labels every object carries. */}}
{{- define "faas.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "controller"). */}}
{{- define "faas.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The namespace functions run in. */}}
{{- define "faas.functionNamespace" -}}
{{- default .Release.Namespace .Values.functionNamespace -}}
{{- end -}}

{{/* Every namespace functions may run in, the main one first, as a JSON array (each gets the Role). */}}
{{- define "faas.functionNamespaces" -}}
{{- prepend (without .Values.extraFunctionNamespaces (include "faas.functionNamespace" .)) (include "faas.functionNamespace" .) | uniq | toJson -}}
{{- end -}}

{{/* The Secret holding the API credentials. */}}
{{- define "faas.credentialsSecret" -}}
{{- default (printf "%s-credentials" (include "faas.fullname" .)) .Values.credentials.existingSecret -}}
{{- end -}}

{{/* The backend, refused unless it is one the controller has. */}}
{{- define "faas.backend" -}}
{{- if not (has .Values.backend (list "kubernetes" "knative")) -}}
{{- fail (printf "backend %q is not supported: set backend to kubernetes or knative" (toString .Values.backend)) -}}
{{- end -}}
{{- .Values.backend -}}
{{- end -}}

{{/* An image reference from (dict "image" .Values.x.image "root" $). */}}
{{- define "faas.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* Environment both components read their credentials from, by reference to the Secret. */}}
{{- define "faas.credentialsEnv" -}}
- name: FAAS_AUTH_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "faas.credentialsSecret" . }}
      key: username
- name: FAAS_AUTH_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "faas.credentialsSecret" . }}
      key: password
{{- end -}}
