# A Binder-ready image (mybinder.org builds a root Dockerfile with
# repo2docker): JupyterLab from a pinned Jupyter base image, the gothreads
# kernel built in a pinned Go stage, the repository in the user's home.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/gothreads .

FROM quay.io/jupyter/base-notebook:2025-03-14
ARG NB_USER=jovyan
ARG NB_UID=1000
ENV USER=${NB_USER} HOME=/home/${NB_USER}

USER root
COPY --from=build /out/gothreads /usr/local/bin/gothreads
COPY . ${HOME}
RUN chown -R ${NB_UID} ${HOME}
USER ${NB_USER}
RUN gothreads install --user
WORKDIR ${HOME}/notebooks
