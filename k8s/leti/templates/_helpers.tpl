{{/* Chart name, optionally overridden. */}}
{{- define "leti.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-wide prefix of resource names. */}}
{{- define "leti.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "leti.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object of the release carries, but the instance label. */}}
{{- define "leti.metaLabels" -}}
helm.sh/chart: {{ include "leti.chart" . }}
app.kubernetes.io/part-of: {{ include "leti.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels of release-wide objects. */}}
{{- define "leti.commonLabels" -}}
{{ include "leti.metaLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of one component; dict with "root" and "name". */}}
{{- define "leti.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* All labels of one component's objects; dict with "root" and "name". */}}
{{- define "leti.componentLabels" -}}
{{ include "leti.metaLabels" .root }}
{{ include "leti.selectorLabels" . }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Name of one component's objects; dict with "root" and "name". */}}
{{- define "leti.componentName" -}}
{{- printf "%s-%s" (include "leti.fullname" .root) (.name | trimSuffix "-service") | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "leti.artifactsClaim" -}}
{{- .Values.artifacts.persistence.existingClaim | default (printf "%s-artifacts" (include "leti.fullname" .)) }}
{{- end }}

{{/* The S3 artifact store's settings (artifacts.type=s3); credentials only by secret reference. */}}
{{- define "leti.s3ArtifactsEnv" -}}
{{- $s3 := .Values.artifacts.s3 -}}
- name: LETI_ARTIFACTS_TYPE
  value: s3
- name: LETI_ARTIFACTS_S3_BUCKET
  value: {{ required "artifacts.s3.bucket is required when artifacts.type is s3" $s3.bucket | quote }}
- name: LETI_ARTIFACTS_S3_REGION
  value: {{ $s3.region | quote }}
{{- with $s3.endpoint }}
- name: LETI_ARTIFACTS_S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with $s3.prefix }}
- name: LETI_ARTIFACTS_S3_PREFIX
  value: {{ . | quote }}
{{- end }}
- name: LETI_ARTIFACTS_S3_PATHSTYLE
  value: {{ $s3.pathStyle | quote }}
- name: LETI_ARTIFACTS_S3_CACHEDIR
  value: {{ printf "%s/.s3-cache" .Values.artifacts.mountPath | quote }}
{{- with $s3.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $s3.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $s3.secretAccessKeyKey }}
{{- end }}
{{- end }}

{{/* A probe; dict with "probe" (path, periodSeconds, failureThreshold). */}}
{{- define "leti.probe" -}}
httpGet:
  path: {{ .probe.path }}
  port: http
periodSeconds: {{ .probe.periodSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
{{- end }}
